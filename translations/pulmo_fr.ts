<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Colormaps</name>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The file does not exist.</source>
        <translation>Le fichier n&apos;existe pas.</translation>
    </message>
    <message>
        <source>No permission to read the file.</source>
        <translation>Pas d&apos;autorisation pour lire le fichier.</translation>
    </message>
    <message>
        <source>The file cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir le fichier.</translation>
    </message>
    <message>
        <source>This is a folder, not a file.</source>
        <translation>Ceci est un dossier, pas un fichier.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Le fichier est vide.</translation>
    </message>
    <message>
        <source>The transfer syntax %1 is not supported.</source>
        <translation>La syntaxe de transfert %1 n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <source>The transfer syntax %1 (%2) is not supported.</source>
        <translation>La syntaxe de transfert %1 (%2) n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <source>The pixel data is incomplete: %1 of %2 bytes are present.</source>
        <translation>Les données pixel sont incomplètes : %1 octets présents sur %2.</translation>
    </message>
    <message>
        <source>The header value %1 = %2 is invalid.</source>
        <translation>La valeur d&apos;en-tête %1 = %2 n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>The header value %1 = %2 is not supported.</source>
        <translation>La valeur d&apos;en-tête %1 = %2 n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <source>The image is too large to open: %1 x %2 pixels, %3 frame(s), needs %4 MiB of memory (limit %5 MiB).</source>
        <translation>L&apos;image est trop grande pour être ouverte : %1 x %2 pixels, %3 trame(s), nécessite %4 Mio de mémoire (limite %5 Mio).</translation>
    </message>
    <message>
        <source>The file holds no image (no pixel data).</source>
        <translation>Le fichier ne contient pas d&apos;image (pas de données pixel).</translation>
    </message>
    <message>
        <source>The file holds no image (no pixel data; SOP Class %1).</source>
        <translation>Le fichier ne contient pas d&apos;image (pas de données pixel ; classe SOP %1).</translation>
    </message>
    <message>
        <source>Floating-point pixel data is not supported.</source>
        <translation>Les données pixel en virgule flottante ne sont pas prises en charge.</translation>
    </message>
    <message>
        <source>The pixel data is damaged and cannot be decoded.</source>
        <translation>Les données pixel sont endommagées et ne peuvent pas être décodées.</translation>
    </message>
    <message>
        <source>Not enough memory to decode the image.</source>
        <translation>Mémoire insuffisante pour décoder l&apos;image.</translation>
    </message>
    <message>
        <source>The file is nested too deeply to be read safely (%1 sequence items).</source>
        <translation>Le fichier est trop profondément imbriqué pour être lu en toute sécurité (%1 éléments de séquence).</translation>
    </message>
    <message>
        <source>Not a DICOMDIR (no directory records).</source>
        <translation>Ce n&apos;est pas un DICOMDIR (aucun enregistrement de répertoire).</translation>
    </message>
    <message>
        <source>The file cannot be written.</source>
        <translation>Impossible d&apos;écrire le fichier.</translation>
    </message>
    <message>
        <source>The image has %1 frame(s); frame %2 does not exist.</source>
        <translation>L&apos;image a %1 trame(s) ; la trame %2 n&apos;existe pas.</translation>
    </message>
    <message>
        <source>Internal error while reading the file: %1</source>
        <translation>Erreur interne lors de la lecture du fichier : %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>file or peer: what went wrong</comment>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Not an image (no pixel data).</source>
        <translation>Ce n&apos;est pas une image (pas de données pixel).</translation>
    </message>
    <message>
        <source>Not an image (no pixel data; SOP Class %1).</source>
        <translation>Ce n&apos;est pas une image (pas de données pixel ; classe SOP %1).</translation>
    </message>
    <message>
        <source>The Study Instance UID is missing.</source>
        <translation>L&apos;UID d&apos;instance d&apos;étude (Study Instance UID) est absent.</translation>
    </message>
    <message>
        <source>The Series Instance UID is missing.</source>
        <translation>L&apos;UID d&apos;instance de série (Series Instance UID) est absent.</translation>
    </message>
    <message>
        <source>The folder does not exist.</source>
        <translation>Le dossier n&apos;existe pas.</translation>
    </message>
    <message>
        <source>The folder cannot be read.</source>
        <translation>Impossible de lire le dossier.</translation>
    </message>
    <message>
        <source>The study index %1 cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir l&apos;index des études %1.</translation>
    </message>
    <message>
        <source>The study index %1 is damaged and cannot be replaced.</source>
        <translation>L&apos;index des études %1 est endommagé et ne peut pas être remplacé.</translation>
    </message>
    <message>
        <source>The study index %1 cannot be read or updated.</source>
        <translation>Impossible de lire ou de mettre à jour l&apos;index des études %1.</translation>
    </message>
    <message>
        <source>Connection refused: no DICOM service is listening on this host and port.</source>
        <translation>Connexion refusée : aucun service DICOM n&apos;écoute sur cet hôte et ce port.</translation>
    </message>
    <message>
        <source>The host cannot be reached (no route to it).</source>
        <translation>L&apos;hôte est injoignable (aucune route).</translation>
    </message>
    <message>
        <source>The host name is unknown.</source>
        <translation>Le nom d&apos;hôte est inconnu.</translation>
    </message>
    <message>
        <source>The connection could not be established.</source>
        <translation>La connexion n&apos;a pas pu être établie.</translation>
    </message>
    <message>
        <source>Timeout: no answer within %1 s.</source>
        <translation>Délai dépassé : aucune réponse en %1 s.</translation>
    </message>
    <message>
        <source>Association rejected: our AE title %1 is not known to the peer (register this workstation there).</source>
        <translation>Association refusée : notre titre AE %1 n&apos;est pas connu du correspondant (y enregistrer ce poste).</translation>
    </message>
    <message>
        <source>Association rejected: the peer does not answer to the AE title %1 (check the AE title in the settings).</source>
        <translation>Association refusée : le correspondant ne répond pas au titre AE %1 (vérifier le titre AE dans les paramètres).</translation>
    </message>
    <message>
        <source>Association rejected: application context not supported.</source>
        <translation>Association refusée : contexte d&apos;application non pris en charge.</translation>
    </message>
    <message>
        <source>Association rejected: protocol version not supported.</source>
        <translation>Association refusée : version de protocole non prise en charge.</translation>
    </message>
    <message>
        <source>Association rejected: the peer is busy for the moment; try again later.</source>
        <translation>Association refusée : le correspondant est momentanément surchargé ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>Association rejected: the peer&apos;s limit of simultaneous connections is reached; try again later.</source>
        <translation>Association refusée : le nombre maximal de connexions simultanées du correspondant est atteint ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>Association rejected by the peer (no reason given).</source>
        <translation>Association refusée par le correspondant (aucun motif indiqué).</translation>
    </message>
    <message>
        <source>The peer does not offer the service %1 to this AE title.</source>
        <translation>Le correspondant ne propose pas le service %1 à ce titre AE.</translation>
    </message>
    <message>
        <source>The connection was lost or aborted by the peer.</source>
        <translation>La connexion a été perdue ou interrompue par le correspondant.</translation>
    </message>
    <message>
        <source>%1 failed with status %2.</source>
        <translation>%1 a échoué avec le statut %2.</translation>
    </message>
    <message>
        <source>%1 failed with status %2; the peer says: %3</source>
        <translation>%1 a échoué avec le statut %2 ; le correspondant indique : %3</translation>
    </message>
    <message>
        <source>The peer sent nothing for this study (unknown Study Instance UID?).</source>
        <translation>Le correspondant n&apos;a rien envoyé pour cette étude (Study Instance UID inconnu ?).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>The TLS handshake failed (certificate not trusted, expired, or for another host?).</source>
        <translation>La négociation TLS a échoué (certificat non approuvé, expiré ou émis pour un autre hôte ?).</translation>
    </message>
    <message>
        <source>The certificate %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire le certificat %1 (format PEM attendu).</translation>
    </message>
    <message>
        <source>The private key %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire la clé privée %1 (format PEM attendu).</translation>
    </message>
    <message>
        <source>The CA certificate %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire le certificat d&apos;autorité (CA) %1 (format PEM attendu).</translation>
    </message>
    <message>
        <source>The private key does not match the certificate.</source>
        <translation>La clé privée ne correspond pas au certificat.</translation>
    </message>
    <message>
        <source>No CA certificate is configured: the peer cannot be verified.</source>
        <translation>Aucun certificat d&apos;autorité (CA) n&apos;est configuré : le correspondant ne peut pas être vérifié.</translation>
    </message>
    <message>
        <source>Receiving over TLS needs a certificate and its private key.</source>
        <translation>La réception via TLS nécessite un certificat et sa clé privée.</translation>
    </message>
    <message>
        <source>Give both a certificate and its private key, or neither.</source>
        <translation>Indiquez à la fois un certificat et sa clé privée, ou aucun des deux.</translation>
    </message>
    <message>
        <source>Cannot listen on port %1 (in use by another program, or a privileged port).</source>
        <translation>Impossible d&apos;écouter sur le port %1 (utilisé par un autre programme, ou port privilégié).</translation>
    </message>
    <message>
        <source>C-MOVE needs this workstation&apos;s DICOM receiver (Storage SCP), which is not running; retrieve by C-GET instead.</source>
        <translation>C-MOVE nécessite le récepteur DICOM (Storage SCP) de ce poste, qui n&apos;est pas démarré ; récupérez plutôt par C-GET.</translation>
    </message>
    <message>
        <source>No storage folder is configured.</source>
        <translation>Aucun dossier de stockage n&apos;est configuré.</translation>
    </message>
    <message>
        <source>The storage folder %1 cannot be created or written.</source>
        <translation>Impossible de créer le dossier de stockage %1 ou d’y écrire.</translation>
    </message>
    <message>
        <source>The received image cannot be saved as %1.</source>
        <translation>Impossible d&apos;enregistrer l&apos;image reçue sous %1.</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a valid UID.</source>
        <translation>%1 « %2 » n’est pas un UID valide.</translation>
    </message>
    <message>
        <source>Network error: %1</source>
        <translation>Erreur réseau : %1</translation>
    </message>
    <message>
        <source>The feedback database %1 cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir la base de données des avis %1.</translation>
    </message>
    <message>
        <source>The feedback database %1 is read-only (read-only drive or share, or no permission).</source>
        <translation>La base de données des avis %1 est en lecture seule (disque ou partage en lecture seule, ou pas d&apos;autorisation).</translation>
    </message>
    <message>
        <source>The disk that holds the feedback database %1 is full.</source>
        <translation>Le disque qui contient la base de données des avis %1 est plein.</translation>
    </message>
    <message>
        <source>The feedback database %1 is locked by another program (waited %2 s).</source>
        <translation>La base de données des avis %1 est verrouillée par un autre programme (attente de %2 s).</translation>
    </message>
    <message>
        <source>The feedback database %1 was written by a newer Pulmo (schema %2; this version knows up to %3).</source>
        <translation>La base de données des avis %1 a été écrite par une version plus récente de Pulmo (schéma %2 ; cette version connaît jusqu’au schéma %3).</translation>
    </message>
    <message>
        <source>The feedback database %1 is damaged.</source>
        <translation>La base de données des avis %1 est endommagée.</translation>
    </message>
    <message>
        <source>Feedback database error: %1</source>
        <translation>Erreur de la base de données des avis : %1</translation>
    </message>
    <message>
        <source>The inference plugin %1 is missing.</source>
        <translation>Le module d&apos;inférence %1 est absent.</translation>
    </message>
    <message>
        <source>The inference plugin %1 cannot be loaded.</source>
        <translation>Impossible de charger le module d&apos;inférence %1.</translation>
    </message>
    <message>
        <source>The inference plugin %1 was built for another version of Pulmo (interface %2 expected).</source>
        <translation>Le module d&apos;inférence %1 a été compilé pour une autre version de Pulmo (interface %2 attendue).</translation>
    </message>
    <message>
        <source>No model is configured.</source>
        <translation>Aucun modèle n&apos;est configuré.</translation>
    </message>
    <message>
        <source>The model file %1 does not exist or cannot be read.</source>
        <translation>Le fichier de modèle %1 n&apos;existe pas ou ne peut pas être lu.</translation>
    </message>
    <message>
        <source>%1 is not a usable model (neither TorchScript nor a ResNet18 state_dict), or it is damaged.</source>
        <translation>%1 n&apos;est pas un modèle utilisable (ni TorchScript, ni state_dict ResNet18), ou il est endommagé.</translation>
    </message>
    <message>
        <source>The model card %1 is not valid JSON.</source>
        <translation>La fiche du modèle %1 n&apos;est pas un JSON valide.</translation>
    </message>
    <message>
        <source>The model card %1 has an invalid value in the field &quot;%2&quot;.</source>
        <translation>La fiche du modèle %1 contient une valeur non valide dans le champ « %2 ».</translation>
    </message>
    <message>
        <source>The model %1 has %2 outputs, but its card names %3 classes.</source>
        <translation>Le modèle %1 a %2 sorties, mais sa fiche nomme %3 classes.</translation>
    </message>
    <message>
        <source>The device %1 is not available (no CUDA GPU, or no such device).</source>
        <translation>Le périphérique %1 n&apos;est pas disponible (pas de GPU CUDA, ou périphérique inexistant).</translation>
    </message>
    <message>
        <source>The model %1 failed on this image.</source>
        <translation>Le modèle %1 a échoué sur cette image.</translation>
    </message>
    <message>
        <source>AI error: %1</source>
        <translation>Erreur de l’IA : %1</translation>
    </message>
    <message>
        <source>AI unavailable: %1</source>
        <translation>IA indisponible : %1</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>Erreur interne : %1</translation>
    </message>
    <message>
        <source>The text is not valid JSON.</source>
        <translation>Le texte n&apos;est pas du JSON valide.</translation>
    </message>
    <message>
        <source>The text is valid JSON, but not a JSON object (fields in braces).</source>
        <translation>Le texte est du JSON valide, mais pas un objet JSON (des champs entre accolades).</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be text.</source>
        <translation>Le champ « %1 » doit être du texte.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a list of at least %2 class names.</source>
        <translation>Le champ « %1 » doit être une liste d&apos;au moins %2 noms de classe.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold the class names as non-empty text.</source>
        <translation>Le champ « %1 » doit contenir les noms de classe sous forme de texte non vide.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; names &quot;%2&quot;, which is not one of the labels.</source>
        <translation>Le champ « %1 » indique « %2 », qui n&apos;est pas l&apos;une des classes.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Le champ « %1 » doit être un nombre entier de %2 à %3.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a list of 3 numbers.</source>
        <translation>Le champ « %1 » doit être une liste de 3 nombres.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 3 finite numbers; item %2 is not one.</source>
        <translation>Le champ « %1 » doit contenir 3 nombres finis ; l&apos;élément %2 n&apos;en est pas un.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 3 finite numbers above 0; item %2 is not one.</source>
        <translation>Le champ « %1 » doit contenir 3 nombres finis supérieurs à 0 ; l&apos;élément %2 n&apos;en est pas un.</translation>
    </message>
    <message>
        <source>The value &quot;%2&quot; of the field &quot;%1&quot; is not supported (supported: %3).</source>
        <translation>La valeur « %2 » du champ « %1 » n&apos;est pas prise en charge (valeurs prises en charge : %3).</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a number above %2 and at most %3.</source>
        <translation>Le champ « %1 » doit être un nombre supérieur à %2 et au plus égal à %3.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be true or false.</source>
        <translation>Le champ « %1 » doit valoir true ou false.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; has an invalid value.</source>
        <translation>Le champ « %1 » contient une valeur non valide.</translation>
    </message>
    <message>
        <source>The compressed image was decoded but cannot be prepared for display.</source>
        <translation>L&apos;image compressée a été décodée mais ne peut pas être préparée pour l&apos;affichage.</translation>
    </message>
    <message>
        <source>The image cannot be written: %1 pixel values were given for %2 pixels.</source>
        <translation>Impossible d&apos;écrire l&apos;image : %1 valeurs de pixel fournies pour %2 pixels.</translation>
    </message>
    <message>
        <source>The study index %1 is damaged; it is rebuilt the next time Pulmo starts.</source>
        <translation>L&apos;index des études %1 est endommagé ; il sera reconstruit au prochain démarrage de Pulmo.</translation>
    </message>
    <message>
        <source>An image arrived without its content (no data set).</source>
        <translation>Une image est arrivée sans son contenu (aucun jeu de données).</translation>
    </message>
    <message>
        <source>A received image lacks its SOP Class UID or SOP Instance UID and is not saved.</source>
        <translation>Il manque à une image reçue son SOP Class UID ou son SOP Instance UID ; elle n&apos;est pas enregistrée.</translation>
    </message>
    <message>
        <source>The DICOM receiver (Storage SCP) is already running.</source>
        <translation>Le récepteur DICOM (Storage SCP) est déjà en marche.</translation>
    </message>
    <message>
        <source>%1 failed (network or protocol error).</source>
        <translation>%1 a échoué (erreur de réseau ou de protocole).</translation>
    </message>
    <message>
        <source>The DICOM connection failed (network or protocol error).</source>
        <translation>La connexion DICOM a échoué (erreur de réseau ou de protocole).</translation>
    </message>
    <message>
        <source>TLS cannot be set up (security profile or cipher suites not available).</source>
        <translation>Impossible de configurer TLS (profil de sécurité ou suites de chiffrement non disponibles).</translation>
    </message>
    <message>
        <source>The model card %1 is JSON, but not a JSON object (fields in braces).</source>
        <translation>La fiche du modèle %1 est du JSON, mais pas un objet JSON (des champs entre accolades).</translation>
    </message>
    <message>
        <source>The model card %1 is refused: %2</source>
        <translation>La fiche du modèle %1 est refusée : %2</translation>
    </message>
    <message>
        <source>The AI process %1 stopped or could not be started; viewing is not affected. OK in the Preferences starts it again.</source>
        <translation>Le processus d&apos;IA %1 s&apos;est arrêté ou n&apos;a pas pu démarrer ; l&apos;affichage des images n&apos;est pas touché. OK dans les Préférences le relance.</translation>
    </message>
    <message>
        <source>Not a DICOM file.</source>
        <translation>Ce n&apos;est pas un fichier DICOM.</translation>
    </message>
    <message>
        <source>The file ends before its data does (truncated, as by an interrupted copy).</source>
        <translation>Le fichier s&apos;arrête avant ses données (tronqué, comme par une copie interrompue).</translation>
    </message>
    <message>
        <source>A DICOM file, but damaged: its contents cannot be read.</source>
        <translation>Un fichier DICOM, mais endommagé : son contenu est illisible.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln image(s) did not arrive.</source>
        <translation>
            <numerusform>Images non arrivées : %1 sur %Ln.</numerusform>
            <numerusform>Images non arrivées : %1 sur %Ln.</numerusform>
        </translation>
    </message>
    <message>
        <source>The peer answered, but not in DICOM — is this a web port? Enter the PACS&apos;s DICOM port (often 104, 4242 or 11112).</source>
        <translation>Le correspondant a répondu, mais pas en DICOM — est-ce un port web ? Indiquez le port DICOM du PACS (souvent 104, 4242 ou 11112).</translation>
    </message>
</context>
<context>
    <name>LabelWords</name>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Pneumonia</source>
        <translation>Pneumonie</translation>
    </message>
    <message>
        <source>Not assessable</source>
        <translation>Non interprétable</translation>
    </message>
    <message>
        <source>Indeterminate</source>
        <translation>Indéterminé</translation>
    </message>
    <message>
        <source>&gt; %1</source>
        <comment>a probability above 99%</comment>
        <translation>&gt; %1</translation>
    </message>
    <message>
        <source>&lt; %1</source>
        <comment>a probability below 1%</comment>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <source>%1%</source>
        <extracomment>A percentage: German and French set a space before the sign (&quot;87 %&quot;).</extracomment>
        <translation>%1&#xa0;%</translation>
    </message>
</context>
<context>
    <name>MonitoringCharts</name>
    <message>
        <source>Model input: histogram distance to the reference</source>
        <translation>Entrée du modèle : distance de l&apos;histogramme à la référence</translation>
    </message>
    <message>
        <source>Jensen-Shannon distance</source>
        <translation>distance de Jensen-Shannon</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 jours</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 jours</translation>
    </message>
    <message>
        <source>Model input: statistics against the reference (30 days)</source>
        <translation>Entrée du modèle : statistiques face à la référence (30 jours)</translation>
    </message>
    <message>
        <source>Kolmogorov-Smirnov D</source>
        <translation>D de Kolmogorov-Smirnov</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <source>standard deviation</source>
        <translation>écart type</translation>
    </message>
    <message>
        <source>1st percentile</source>
        <translation>1er centile</translation>
    </message>
    <message>
        <source>median</source>
        <translation>médiane</translation>
    </message>
    <message>
        <source>99th percentile</source>
        <translation>99e centile</translation>
    </message>
    <message>
        <source>Metadata: largest change of a category&apos;s share (30 days)</source>
        <translation>Métadonnées : plus grand changement de part d&apos;une catégorie (30 jours)</translation>
    </message>
    <message>
        <source>change of share</source>
        <translation>changement de part</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Fabricant</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Nom du modèle</translation>
    </message>
    <message>
        <source>View Position</source>
        <translation>Incidence</translation>
    </message>
    <message>
        <source>Pixel Spacing</source>
        <translation>Espacement des pixels</translation>
    </message>
    <message>
        <source>Bits Stored</source>
        <translation>Bits stockés</translation>
    </message>
    <message>
        <source>Photometric Interpretation</source>
        <translation>Interprétation photométrique</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>Établissement</translation>
    </message>
    <message>
        <source>Predictions: PNEUMONIA and INDETERMINATE rates</source>
        <translation>Prédictions : taux de PNEUMONIE et d&apos;INDÉTERMINÉ</translation>
    </message>
    <message>
        <source>share of images</source>
        <translation>part des images</translation>
    </message>
    <message>
        <source>PNEUMONIA, 30 days</source>
        <translation>PNEUMONIE, 30 jours</translation>
    </message>
    <message>
        <source>PNEUMONIA, 7 days</source>
        <translation>PNEUMONIE, 7 jours</translation>
    </message>
    <message>
        <source>INDETERMINATE, 30 days</source>
        <translation>INDÉTERMINÉ, 30 jours</translation>
    </message>
    <message>
        <source>INDETERMINATE, 7 days</source>
        <translation>INDÉTERMINÉ, 7 jours</translation>
    </message>
    <message>
        <source>Readers: disagreement with the AI (30 days)</source>
        <translation>Lecteurs : désaccord avec l&apos;IA (30 jours)</translation>
    </message>
    <message>
        <source>share of verdicts</source>
        <translation>part des avis</translation>
    </message>
    <message>
        <source>all answers</source>
        <translation>toutes les réponses</translation>
    </message>
    <message>
        <source>on PNEUMONIA answers</source>
        <translation>sur les réponses PNEUMONIE</translation>
    </message>
    <message>
        <source>on NORMAL answers</source>
        <translation>sur les réponses NORMAL</translation>
    </message>
    <message>
        <source>day (UTC)</source>
        <translation>jour (UTC)</translation>
    </message>
    <message>
        <source>(reference)</source>
        <translation>(référence)</translation>
    </message>
    <message>
        <source>alarm threshold</source>
        <translation>seuil d&apos;alarme</translation>
    </message>
    <message>
        <source>warning threshold</source>
        <translation>seuil d&apos;avertissement</translation>
    </message>
    <message>
        <source>first day of an alarm</source>
        <translation>premier jour d&apos;une alarme</translation>
    </message>
    <message>
        <source>Golden set: lower 95% bounds per run</source>
        <translation>Jeu de référence validé : bornes inférieures à 95 % par passage</translation>
    </message>
    <message>
        <source>run (UTC)</source>
        <translation>passage (UTC)</translation>
    </message>
    <message>
        <source>sensitivity, lower bound</source>
        <translation>sensibilité, borne inférieure</translation>
    </message>
    <message>
        <source>specificity, lower bound</source>
        <translation>spécificité, borne inférieure</translation>
    </message>
    <message>
        <source>sensitivity floor</source>
        <translation>sensibilité minimale</translation>
    </message>
    <message>
        <source>specificity floor</source>
        <translation>spécificité minimale</translation>
    </message>
    <message>
        <source>Reliability diagram</source>
        <translation>Diagramme de fiabilité</translation>
    </message>
    <message>
        <source>mean predicted probability of PNEUMONIA</source>
        <translation>probabilité moyenne prédite de PNEUMONIE</translation>
    </message>
    <message>
        <source>share of PNEUMONIA cases</source>
        <translation>part des cas de PNEUMONIE</translation>
    </message>
    <message>
        <source>perfect calibration</source>
        <translation>calibration parfaite</translation>
    </message>
    <message>
        <source>the model (bins with cases)</source>
        <translation>le modèle (classes avec des cas)</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>Body Part</source>
        <translation>Région anatomique</translation>
    </message>
</context>
<context>
    <name>PacsSettings</name>
    <message>
        <source>an AE title is needed</source>
        <translation>un titre AE est requis</translation>
    </message>
    <message>
        <source>the AE title &quot;%1&quot; is longer than 16 characters</source>
        <translation>le titre AE «&#xa0;%1&#xa0;» dépasse 16 caractères</translation>
    </message>
    <message>
        <source>the AE title &quot;%1&quot; may hold only printable ASCII characters other than \</source>
        <translation>le titre AE «&#xa0;%1&#xa0;» ne peut contenir que des caractères ASCII imprimables autres que \</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: a host name or address is needed</source>
        <translation>%1&#xa0;: un nom d&apos;hôte ou une adresse est requis</translation>
    </message>
    <message>
        <source>%1: the port must be between 1 and 65535</source>
        <translation>%1&#xa0;: le port doit être compris entre 1 et 65535</translation>
    </message>
    <message>
        <source>%1: TLS needs the CA (or the peer&apos;s own) certificate to check the peer against</source>
        <translation>%1&#xa0;: TLS a besoin du certificat de l&apos;AC (ou de celui du correspondant) pour vérifier le correspondant</translation>
    </message>
    <message>
        <source>the listen address &quot;%1&quot; is not an IPv4 or IPv6 address</source>
        <translation>l’adresse d’écoute « %1 » n’est pas une adresse IPv4 ou IPv6</translation>
    </message>
</context>
<context>
    <name>ViewAnnotations</name>
    <message>
        <source>%1 y</source>
        <translation>%1 ans</translation>
    </message>
    <message>
        <source>%1 mo</source>
        <translation>%1 mois</translation>
    </message>
    <message>
        <source>%1 wk</source>
        <translation>%1 sem.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 j</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>From file</source>
        <translation>Selon le fichier</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Fenêtre pulmonaire</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>Fenêtre médiastinale</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>Fenêtre osseuse</translation>
    </message>
    <message>
        <source>Full range</source>
        <translation>Plage complète</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chest X-ray workstation (not for clinical use)</source>
        <translation>Poste de lecture des radiographies thoraciques (pas pour un usage clinique)</translation>
    </message>
    <message>
        <source>Files, folders or DICOMDIRs to open</source>
        <translation>Fichiers, dossiers ou DICOMDIR à ouvrir</translation>
    </message>
    <message>
        <source>Save a picture of the window and exit.</source>
        <translation>Enregistrer une image de la fenêtre, puis quitter.</translation>
    </message>
    <message>
        <source>Study index database to use.</source>
        <translation>Base de données de l&apos;index des études à utiliser.</translation>
    </message>
    <message>
        <source>Window size for --screenshot.</source>
        <translation>Taille de la fenêtre pour --screenshot.</translation>
    </message>
    <message>
        <source>Print the time from start to the first image painted, then exit (for measurements).</source>
        <translation>Afficher le temps entre le démarrage et la première image dessinée, puis quitter (pour les mesures).</translation>
    </message>
    <message>
        <source>AI model for this session (the saved choice stays).</source>
        <translation>Modèle d&apos;IA pour cette session (le choix enregistré est conservé).</translation>
    </message>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1&#xa0;: impossible d&apos;écrire la capture d&apos;écran</translation>
    </message>
    <message>
        <source>the image did not arrive within 2 minutes</source>
        <translation>l&apos;image n&apos;est pas arrivée en 2 minutes</translation>
    </message>
    <message>
        <source>Print the times from start to the model loaded, the first image painted and its AI result, then exit (for measurements).</source>
        <translation>Afficher les durées depuis le démarrage jusqu’au modèle chargé, à la première image dessinée et à son résultat d’IA, puis quitter (pour les mesures).</translation>
    </message>
    <message>
        <source>Load the AI and the saved model, keep them loaded for the next window, and exit (at login).</source>
        <translation>Charger l&apos;IA et le modèle enregistré, les garder chargés pour la prochaine fenêtre, puis quitter (à l&apos;ouverture de session).</translation>
    </message>
    <message>
        <source>the AI is not kept loaded (Preferences &gt; Keep the AI loaded)</source>
        <translation>l&apos;IA n&apos;est pas gardée chargée (Préférences &gt; Garder l&apos;IA chargée)</translation>
    </message>
    <message>
        <source>the AI cannot be kept loaded: no private runtime folder (XDG_RUNTIME_DIR)</source>
        <translation>l&apos;IA ne peut pas être gardée chargée : pas de dossier d&apos;exécution privé (XDG_RUNTIME_DIR)</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AboutDialog</name>
    <message>
        <source>About Pulmo</source>
        <translation>À propos de Pulmo</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>(non indiquée)</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>Positive class</source>
        <translation>Classe positive</translation>
    </message>
    <message>
        <source>%1 (the card&apos;s %2 is replaced by yours)</source>
        <translation>%1 (votre valeur remplace %2 de la fiche du modèle)</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>Clinical use</source>
        <translation>Usage clinique</translation>
    </message>
    <message>
        <source>cleared for clinical use</source>
        <translation>autorisé pour un usage clinique</translation>
    </message>
    <message>
        <source>research only, not for clinical use</source>
        <translation>recherche uniquement, pas pour un usage clinique</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Usage prévu</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Fiche du modèle</translation>
    </message>
    <message>
        <source>none beside the model: defaults are used</source>
        <translation>aucune à côté du modèle : valeurs par défaut utilisées</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>Exécuté sur</translation>
    </message>
    <message>
        <source>(none chosen)</source>
        <translation>(aucun choisi)</translation>
    </message>
    <message>
        <source>Card and SHA-256</source>
        <translation>Fiche et SHA-256</translation>
    </message>
    <message>
        <source>not loaded yet (the model loads once the first image is on screen)</source>
        <translation>pas encore chargé (le modèle se charge dès que la première image est affichée)</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Bibliothèques</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>DCMTK</source>
        <translation>DCMTK</translation>
    </message>
    <message>
        <source>%1 (devices: %2)</source>
        <translation>%1 (appareils : %2)</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>not loaded yet (the inference plugin loads with the model)</source>
        <translation>pas encore chargé (le module d&apos;inférence se charge avec le modèle)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Pulmo&lt;/b&gt; %1&lt;br&gt;Chest X-ray workstation with an AI second reader.&lt;br&gt;&lt;b&gt;Research software: not for clinical use.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Pulmo&lt;/b&gt; %1&lt;br&gt;Station de radiographie thoracique avec une IA en second lecteur.&lt;br&gt;&lt;b&gt;Logiciel de recherche : pas pour un usage clinique.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Pulmo %1</source>
        <translation>Pulmo %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>label: value</comment>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy these details, e.g. for a support request</source>
        <translation>Copier ces informations, par exemple pour une demande d&apos;assistance</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AiController</name>
    <message>
        <source>loading the model...</source>
        <translation>chargement du modèle…</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AiPanel</name>
    <message>
        <source>No image</source>
        <translation>Aucune image</translation>
    </message>
    <message>
        <source>Your verdict</source>
        <translation>Votre avis</translation>
    </message>
    <message>
        <source>Agree (A)</source>
        <translation>D&apos;accord (A)</translation>
    </message>
    <message>
        <source>The AI is right: save and go to the next image</source>
        <translation>L&apos;IA a raison&#xa0;: enregistrer et passer à l&apos;image suivante</translation>
    </message>
    <message>
        <source>Disagree (D)</source>
        <translation>Pas d&apos;accord (D)</translation>
    </message>
    <message>
        <source>The AI is wrong: choose the right label, then Enter</source>
        <translation>L&apos;IA se trompe&#xa0;: choisir le bon résultat, puis Entrée</translation>
    </message>
    <message>
        <source>The right label, when disagreeing</source>
        <translation>Le bon résultat, en cas de désaccord</translation>
    </message>
    <message>
        <source>optional comment</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Save disagreement (Enter)</source>
        <translation>Enregistrer le désaccord (Entrée)</translation>
    </message>
    <message>
        <source>Correct label</source>
        <translation>Bon résultat</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Heatmap (Grad-CAM)</source>
        <translation>Carte de chaleur (Grad-CAM)</translation>
    </message>
    <message>
        <source>Show (H)</source>
        <translation>Afficher (H)</translation>
    </message>
    <message>
        <source>Show or hide the heatmap over the image</source>
        <translation>Afficher ou masquer la carte de chaleur sur l&apos;image</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacité de la carte de chaleur</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>Palette de couleurs</translation>
    </message>
    <message>
        <source>Hide activation weaker than this</source>
        <translation>Masquer les activations plus faibles</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Couleurs</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>What the model saw</source>
        <translation>Ce que le modèle a vu</translation>
    </message>
    <message>
        <source>The 224 x 224 input as the model received it: a wrong window or inversion shows here</source>
        <translation>L&apos;entrée de 224 × 224 pixels telle que le modèle l&apos;a reçue&#xa0;: un mauvais fenêtrage ou une inversion se voit ici</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Analysing...</source>
        <translation>Analyse en cours…</translation>
    </message>
    <message>
        <source>AI unavailable</source>
        <translation>IA indisponible</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · %4 · %5 ms</source>
        <translation>%1 %2 · %3 · %4 · %5 ms</translation>
    </message>
    <message>
        <source> · no model card: default settings</source>
        <translation> · pas de fiche du modèle&#xa0;: réglages par défaut</translation>
    </message>
    <message>
        <source> · the bundled demo model</source>
        <translation> · le modèle de démonstration fourni</translation>
    </message>
    <message>
        <source>Research model, not for clinical use: %1</source>
        <translation>Modèle de recherche, pas pour un usage clinique&#xa0;: %1</translation>
    </message>
    <message>
        <source>not a medical device</source>
        <translation>pas un dispositif médical</translation>
    </message>
    <message>
        <source>Reveal AI result (Space)</source>
        <translation>Afficher le résultat de l&apos;IA (Espace)</translation>
    </message>
    <message>
        <source>Show the AI&apos;s label, probabilities and heatmap, after your own first look</source>
        <translation>Afficher le diagnostic, les probabilités et la carte thermique de l&apos;IA, après votre propre première lecture</translation>
    </message>
    <message>
        <source>Your verdicts and the audit log are signed with this name (Preferences)</source>
        <translation>Vos avis et le journal d&apos;audit sont signés de ce nom (Préférences)</translation>
    </message>
    <message>
        <source>Change (C)</source>
        <translation>Modifier (C)</translation>
    </message>
    <message>
        <source>Give this image a new verdict; the earlier one stays in the history</source>
        <translation>Donner un nouvel avis sur cette image ; l&apos;ancien reste dans l&apos;historique</translation>
    </message>
    <message>
        <source>Reading as: %1</source>
        <translation>Lecture en tant que : %1</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>Pas encore relu</translation>
    </message>
    <message>
        <source>AI result hidden</source>
        <translation>Résultat de l&apos;IA masqué</translation>
    </message>
    <message>
        <source>Look at the image first; press Space to see the AI&apos;s answer.</source>
        <translation>Regardez d&apos;abord l&apos;image ; Espace affiche la réponse de l&apos;IA.</translation>
    </message>
    <message>
        <source>Top probability %1 is below the threshold of %2: no decision.</source>
        <translation>La probabilité la plus haute, %1, est sous le seuil de %2 : pas de décision.</translation>
    </message>
    <message>
        <source>Threshold %1.</source>
        <translation>Seuil %1.</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <comment>label, probability</comment>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>This is Pulmo&apos;s heatmap capture of an AI result, not a radiograph: it is not analysed.</source>
        <translation>Ceci est la capture de carte de chaleur d&apos;un résultat IA de Pulmo, pas une radiographie : elle n&apos;est pas analysée.</translation>
    </message>
    <message>
        <source>Not analysed</source>
        <translation>Non analysée</translation>
    </message>
    <message>
        <source>From the PACS: the AI report of %1; the model was not run again here.</source>
        <translation>Depuis le PACS : le compte rendu IA du %1 ; le modèle n&apos;a pas été relancé ici.</translation>
    </message>
    <message>
        <source>Signed off by %1.</source>
        <translation>Validé par %1.</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · from the PACS</source>
        <translation>%1 %2 · %3 · depuis le PACS</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
</context>
<context>
    <name>pulmo::app::DeidentifyDialog</name>
    <message>
        <source>Export De-identified Study</source>
        <translation>Exporter l&apos;étude anonymisée</translation>
    </message>
    <message>
        <source>%1 will be written as DICOM files without the patient&apos;s identity (DICOM PS3.15 Basic Application Level Confidentiality Profile): names, IDs, addresses, physicians, accession numbers and free text removed, UIDs and the patient replaced by keyed pseudonyms, private data removed. Choose what else to keep.</source>
        <translation>%1 sera écrite en fichiers DICOM sans l&apos;identité du patient (DICOM PS3.15, Basic Application Level Confidentiality Profile) : noms, identifiants, adresses, médecins, numéros d&apos;accès et texte libre supprimés, UID et patient remplacés par des pseudonymes à clé, données privées supprimées. Choisissez ce qui est conservé en plus.</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <source>Into &amp;folder:</source>
        <translation>Dans le &amp;dossier :</translation>
    </message>
    <message>
        <source>e.g. the lung study group (recorded in the audit trail)</source>
        <translation>p. ex. le groupe d&apos;étude pulmonaire (inscrit dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Pour :</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Shift each patient&apos;s dates by a secret offset (intervals kept)</source>
        <translation>&amp;Décaler les dates de chaque patient d&apos;un écart secret (intervalles conservés)</translation>
    </message>
    <message>
        <source>&amp;Keep as they are</source>
        <translation>&amp;Garder telles quelles</translation>
    </message>
    <message>
        <source>Also keep</source>
        <translation>Conserver aussi</translation>
    </message>
    <message>
        <source>Patient characteristics (sex, age, size, weight)</source>
        <translation>Caractéristiques du patient (sexe, âge, taille, poids)</translation>
    </message>
    <message>
        <source>Device identity (station, serial numbers)</source>
        <translation>Identité de l&apos;appareil (poste, numéros de série)</translation>
    </message>
    <message>
        <source>Institution identity (name, address, department)</source>
        <translation>Identité de l&apos;établissement (nom, adresse, service)</translation>
    </message>
    <message>
        <source>Descriptions and comments, with the patient&apos;s identifiers scrubbed out</source>
        <translation>Descriptions et commentaires, identifiants du patient effacés</translation>
    </message>
    <message>
        <source>Structured report content, with names replaced and identifiers scrubbed out</source>
        <translation>Contenu des comptes rendus structurés, noms remplacés et identifiants effacés</translation>
    </message>
    <message>
        <source>Graphic annotations, with their text scrubbed (overlays are always removed)</source>
        <translation>Annotations graphiques, texte effacé (les overlays sont toujours supprimés)</translation>
    </message>
    <message>
        <source>Private attributes known to be safe</source>
        <translation>Attributs privés reconnus sans risque</translation>
    </message>
    <message>
        <source>The original UIDs (they can link the copy back to the hospital&apos;s records)</source>
        <translation>Les UID d&apos;origine (ils peuvent relier la copie aux dossiers de l&apos;hôpital)</translation>
    </message>
    <message>
        <source>Export images whose pixels may show identity (burned-in text) as well</source>
        <translation>Exporter aussi les images dont les pixels peuvent montrer l&apos;identité (texte incrusté)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <source>Export into a folder</source>
        <translation>Exporter dans un dossier</translation>
    </message>
    <message>
        <source>Choose the folder to export into.</source>
        <translation>Choisissez le dossier de destination.</translation>
    </message>
    <message>
        <source>its Burned In Annotation says YES: the pixels may show identity</source>
        <translation>son Burned In Annotation vaut YES : les pixels peuvent montrer l&apos;identité</translation>
    </message>
    <message>
        <source>a secondary capture that does not say whether its pixels show identity</source>
        <translation>une capture secondaire qui n&apos;indique pas si ses pixels montrent l&apos;identité</translation>
    </message>
    <message>
        <source>a scanned film or document that does not say whether its pixels show identity</source>
        <translation>un film ou document numérisé qui n&apos;indique pas si ses pixels montrent l&apos;identité</translation>
    </message>
    <message>
        <source>Not exported: %1: %2</source>
        <translation>Non exporté : %1 : %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>De-identified %Ln file(s) into %1.</source>
        <translation>
            <numerusform>%Ln fichier anonymisé dans %1.</numerusform>
            <numerusform>%Ln fichiers anonymisés dans %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln image(s) left out: their pixels may show identity.</source>
        <translation>
            <numerusform>%Ln image écartée : ses pixels peuvent montrer l&apos;identité.</numerusform>
            <numerusform>%Ln images écartées : leurs pixels peuvent montrer l&apos;identité.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) could not be read.</source>
        <translation>
            <numerusform>%Ln fichier illisible.</numerusform>
            <numerusform>%Ln fichiers illisibles.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Échec de l&apos;export : %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::FeedbackSession</name>
    <message>
        <source>Not saved: the feedback database is unavailable (%1)</source>
        <translation>Non enregistré&#xa0;: la base de retours est indisponible (%1)</translation>
    </message>
    <message>
        <source>Not saved: there is no AI result to judge</source>
        <translation>Non enregistré&#xa0;: aucun résultat de l&apos;IA à juger</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln image(s) into %1; %2 left out.</source>
        <translation>
            <numerusform>%Ln image exportée dans %1&#xa0;; %2 écartées.</numerusform>
            <numerusform>%Ln images exportées dans %1&#xa0;; %2 écartées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Échec de l&apos;export&#xa0;: %1</translation>
    </message>
    <message>
        <source>Feedback unavailable: %1</source>
        <translation>Retours indisponibles&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 reviewed, %Ln disagreement(s)</source>
        <translation>
            <numerusform>%1 sur %2 relues, %Ln désaccord</numerusform>
            <numerusform>%1 sur %2 relues, %Ln désaccords</numerusform>
        </translation>
    </message>
    <message>
        <source>The %1 split has no %2 image; torchvision&apos;s ImageFolder before 0.17 refuses it.</source>
        <translation>La partie %1 ne contient aucune image %2 ; ImageFolder de torchvision avant la version 0.17 la refuse.</translation>
    </message>
    <message>
        <source>Saved: agree with %1 · %2</source>
        <comment>the AI&apos;s label, the patient</comment>
        <translation>Enregistré : d&apos;accord avec %1 · %2</translation>
    </message>
    <message>
        <source>Saved: disagree, %1 · %2</source>
        <comment>the reader&apos;s label, the patient</comment>
        <translation>Enregistré : pas d&apos;accord, %1 · %2</translation>
    </message>
    <message>
        <source>Not withdrawn: the feedback database is unavailable (%1)</source>
        <translation>Non retiré : la base de retours est indisponible (%1)</translation>
    </message>
    <message>
        <source>Not withdrawn: %1</source>
        <translation>Non retiré : %1</translation>
    </message>
    <message>
        <source>Verdict withdrawn · %1</source>
        <comment>the patient</comment>
        <translation>Avis retiré · %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::MainWindow</name>
    <message>
        <source>Pulmo</source>
        <translation>Pulmo</translation>
    </message>
    <message>
        <source>Audit log not written: %1</source>
        <translation>Journal d&apos;audit non écrit&#xa0;: %1</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <source>Analysing in the background; viewing goes on.</source>
        <translation>Analyse en arrière-plan&#xa0;; la lecture continue.</translation>
    </message>
    <message>
        <source>INDETERMINATE</source>
        <translation>INDÉTERMINÉ</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Le modèle est encore en cours de chargement.</translation>
    </message>
    <message>
        <source>Cannot open DICOMDIR</source>
        <translation>Impossible d&apos;ouvrir le DICOMDIR</translation>
    </message>
    <message>
        <source>Press Shift+A to analyse this image.</source>
        <translation>Appuyez sur Maj+A pour analyser cette image.</translation>
    </message>
    <message>
        <source>%1 - %2 %3 - Pulmo (not for clinical use)</source>
        <translation>%1 – %2 %3 – Pulmo (pas pour un usage clinique)</translation>
    </message>
    <message>
        <source>Open DICOM Files</source>
        <translation>Ouvrir des fichiers DICOM</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>Open DICOMDIR</source>
        <translation>Ouvrir un DICOMDIR</translation>
    </message>
    <message>
        <source>DICOMDIR (DICOMDIR dicomdir)</source>
        <translation>DICOMDIR (DICOMDIR dicomdir)</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>Études</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>tool tip (shortcut)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Files...</source>
        <translation>&amp;Ouvrir des fichiers…</translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation>Ouvrir des fichiers DICOM</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>Ouvrir un &amp;dossier…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open every DICOM file under a folder</source>
        <translation>Ouvrir tous les fichiers DICOM d&apos;un dossier</translation>
    </message>
    <message>
        <source>Open &amp;DICOMDIR...</source>
        <translation>Ouvrir un D&amp;ICOMDIR…</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Open the studies a DICOMDIR lists</source>
        <translation>Ouvrir les études listées dans un DICOMDIR</translation>
    </message>
    <message>
        <source>&amp;Query PACS...</source>
        <translation>Interroger le &amp;PACS…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Find studies on a PACS and retrieve them (C-FIND, C-MOVE, C-GET)</source>
        <translation>Chercher des études sur un PACS et les récupérer (C-FIND, C-MOVE, C-GET)</translation>
    </message>
    <message>
        <source>&amp;Export for Retraining...</source>
        <translation>&amp;Exporter pour le réentraînement…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write the reviewed images as a de-identified ImageFolder tree, split by patient</source>
        <translation>Écrire les images relues, désidentifiées, en arborescence ImageFolder, réparties par patient</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>Préférence&amp;s…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Cache size and other settings</source>
        <translation>Taille du cache et autres réglages</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Quit Pulmo</source>
        <translation>Quitter Pulmo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Ajuster à la fenêtre</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>Ajuster l&apos;image à la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Taille réelle (1:1)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>Un pixel de l&apos;image par pixel de l&apos;écran</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Zoom avant</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom avant</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom arrière</translation>
    </message>
    <message>
        <source>Rotate &amp;Right</source>
        <translation>Rotation à &amp;droite</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Rotate 90 degrees clockwise</source>
        <translation>Tourner de 90 degrés dans le sens horaire</translation>
    </message>
    <message>
        <source>Rotate &amp;Left</source>
        <translation>Rotation à &amp;gauche</translation>
    </message>
    <message>
        <source>Shift+R</source>
        <translation>Shift+R</translation>
    </message>
    <message>
        <source>Rotate 90 degrees counter-clockwise</source>
        <translation>Tourner de 90 degrés dans le sens antihoraire</translation>
    </message>
    <message>
        <source>Flip &amp;Horizontally</source>
        <translation>Miroir &amp;horizontal</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Mirror left and right</source>
        <translation>Inverser gauche et droite</translation>
    </message>
    <message>
        <source>Flip &amp;Vertically</source>
        <translation>Miroir &amp;vertical</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>Mirror top and bottom</source>
        <translation>Inverser haut et bas</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>&amp;Inverser les niveaux de gris</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Invert the grey scale</source>
        <translation>Inverser l&apos;échelle de gris</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>Réinitiali&amp;ser</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Reset zoom, rotation, flips, invert and window</source>
        <translation>Réinitialiser zoom, rotation, miroirs, inversion et fenêtrage</translation>
    </message>
    <message>
        <source>&amp;Annotations</source>
        <translation>A&amp;nnotations</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Show or hide the corner annotations</source>
        <translation>Afficher ou masquer les annotations des coins</translation>
    </message>
    <message>
        <source>&amp;Measure Distance</source>
        <translation>&amp;Mesurer une distance</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Drag to measure a distance in millimetres (left button)</source>
        <translation>Faire glisser pour mesurer une distance en millimètres (bouton gauche)</translation>
    </message>
    <message>
        <source>&amp;Clear Measurements</source>
        <translation>&amp;Effacer les mesures</translation>
    </message>
    <message>
        <source>Remove every distance measurement</source>
        <translation>Supprimer toutes les mesures de distance</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <translation>&amp;IA</translation>
    </message>
    <message>
        <source>&amp;Heatmap</source>
        <translation>&amp;Carte de chaleur</translation>
    </message>
    <message>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <source>Show or hide the AI&apos;s heatmap</source>
        <translation>Afficher ou masquer la carte de chaleur de l&apos;IA</translation>
    </message>
    <message>
        <source>&amp;Analyse Image</source>
        <translation>&amp;Analyser l&apos;image</translation>
    </message>
    <message>
        <source>Shift+A</source>
        <translation>Shift+A</translation>
    </message>
    <message>
        <source>Ask the AI about the image on screen</source>
        <translation>Interroger l&apos;IA sur l&apos;image affichée</translation>
    </message>
    <message>
        <source>A&amp;utomatic Analysis</source>
        <translation>Analyse a&amp;utomatique</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Analyse every image when it is shown</source>
        <translation>Analyser chaque image dès qu&apos;elle est affichée</translation>
    </message>
    <message>
        <source>A&amp;gree</source>
        <translation>&amp;D&apos;accord</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>The AI is right: save the verdict and go on</source>
        <translation>L&apos;IA a raison&#xa0;: enregistrer l&apos;avis et continuer</translation>
    </message>
    <message>
        <source>&amp;Disagree...</source>
        <translation>&amp;Pas d&apos;accord…</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>The AI is wrong: choose the right label, then Enter</source>
        <translation>L&apos;IA se trompe&#xa0;: choisir le bon résultat, puis Entrée</translation>
    </message>
    <message>
        <source>Cancel Disagreement</source>
        <translation>Annuler le désaccord</translation>
    </message>
    <message>
        <source>Analyse A&amp;ll Studies</source>
        <translation>Analyser &amp;toutes les études</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Analyse every study of the list in the background; sort the AI column to triage</source>
        <translation>Analyser toutes les études de la liste en arrière-plan&#xa0;; trier la colonne IA pour le tri des urgences</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>Fenê&amp;trage</translation>
    </message>
    <message>
        <source>Window presets</source>
        <translation>Fenêtres prédéfinies</translation>
    </message>
    <message>
        <source>From File</source>
        <translation>Selon le fichier</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Fenêtre pulmonaire</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>Fenêtre médiastinale</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>Fenêtre osseuse</translation>
    </message>
    <message>
        <source>Full Range</source>
        <translation>Plage complète</translation>
    </message>
    <message>
        <source>Window preset: %1</source>
        <translation>Fenêtrage&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>A&amp;ller à</translation>
    </message>
    <message>
        <source>&amp;Next Study</source>
        <translation>Étude &amp;suivante</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Next study of the worklist</source>
        <translation>Étude suivante de la liste de travail</translation>
    </message>
    <message>
        <source>&amp;Previous Study</source>
        <translation>Étude &amp;précédente</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Previous study of the worklist</source>
        <translation>Étude précédente de la liste de travail</translation>
    </message>
    <message>
        <source>Next &amp;Image</source>
        <translation>&amp;Image suivante</translation>
    </message>
    <message>
        <source>Next image of the series</source>
        <translation>Image suivante de la série</translation>
    </message>
    <message>
        <source>Previous I&amp;mage</source>
        <translation>I&amp;mage précédente</translation>
    </message>
    <message>
        <source>Previous image of the series</source>
        <translation>Image précédente de la série</translation>
    </message>
    <message>
        <source>Next &amp;Frame</source>
        <translation>T&amp;rame suivante</translation>
    </message>
    <message>
        <source>Next frame of a multi-frame image</source>
        <translation>Trame suivante d&apos;une image multitrame</translation>
    </message>
    <message>
        <source>Previous F&amp;rame</source>
        <translation>Tram&amp;e précédente</translation>
    </message>
    <message>
        <source>Previous frame of a multi-frame image</source>
        <translation>Trame précédente d&apos;une image multitrame</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About Pulmo</source>
        <translation>À &amp;propos de Pulmo</translation>
    </message>
    <message>
        <source>AI second reader</source>
        <translation>IA en seconde lecture</translation>
    </message>
    <message>
        <source>Every other image of the list has a verdict.</source>
        <translation>Toutes les autres images de la liste ont un avis.</translation>
    </message>
    <message>
        <source>Next &amp;Unreviewed</source>
        <translation>Suivante &amp;non relue</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>Next image without your verdict, in the order of the list</source>
        <translation>Image suivante sans votre avis, dans l’ordre de la liste</translation>
    </message>
    <message>
        <source>This file could not be read: there is no image to analyse.</source>
        <translation>Ce fichier n&apos;a pas pu être lu : il n&apos;y a pas d&apos;image à analyser.</translation>
    </message>
    <message>
        <source>=</source>
        <translation>=</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Panneaux</translation>
    </message>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>&amp;Réinitialiser la disposition</translation>
    </message>
    <message>
        <source>Put the panels and toolbars back where they were at first</source>
        <translation>Remettre les panneaux et les barres d&apos;outils à leur place d&apos;origine</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Every action with its keys</source>
        <translation>Toutes les actions avec leurs touches</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Pulmo&apos;s version, the model in use and the libraries</source>
        <translation>La version de Pulmo, le modèle utilisé et les bibliothèques</translation>
    </message>
    <message>
        <source>Nothing to analyse yet: no image is open.</source>
        <translation>Rien à analyser pour l&apos;instant : aucune image n&apos;est ouverte.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo Verdict</source>
        <translation>&amp;Annuler l&apos;avis</translation>
    </message>
    <message>
        <source>Withdraw the last verdict of this session (it stays in the history)</source>
        <translation>Retirer le dernier avis de cette session (il reste dans l&apos;historique)</translation>
    </message>
    <message>
        <source>&amp;Change Verdict</source>
        <translation>&amp;Modifier l&apos;avis</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Give an image that has a verdict a new one</source>
        <translation>Donner un nouvel avis sur une image déjà relue</translation>
    </message>
    <message>
        <source>Back out of a disagreement or a change</source>
        <translation>Abandonner un désaccord ou une modification</translation>
    </message>
    <message>
        <source>&amp;Reveal AI Result</source>
        <translation>&amp;Afficher le résultat de l&apos;IA</translation>
    </message>
    <message>
        <source>Show the AI&apos;s label, probabilities and heatmap after your own first look (Preferences: Show the AI after my first look)</source>
        <translation>Afficher le diagnostic, les probabilités et la carte thermique de l&apos;IA après votre propre première lecture (Préférences : Afficher l&apos;IA après ma première lecture)</translation>
    </message>
    <message>
        <source>Heatmap as &amp;Outline</source>
        <translation>Carte de chaleur en &amp;contour</translation>
    </message>
    <message>
        <source>Shift+H</source>
        <translation>Shift+H</translation>
    </message>
    <message>
        <source>Draw the heatmap as contour lines, so that what it points at stays visible</source>
        <translation>Dessiner la carte de chaleur en lignes de contour, pour que ce qu&apos;elle désigne reste visible</translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation>&amp;Disposition</translation>
    </message>
    <message>
        <source>&amp;Single View (1 x 1)</source>
        <translation>&amp;Vue unique (1 x 1)</translation>
    </message>
    <message>
        <source>One view: the image being read</source>
        <translation>Une vue : l&apos;image en cours de lecture</translation>
    </message>
    <message>
        <source>Side by Side (1 x &amp;2)</source>
        <translation>Côte à côte (1 x &amp;2)</translation>
    </message>
    <message>
        <source>The image beside the patient&apos;s most recent earlier study</source>
        <translation>L&apos;image à côté de l&apos;examen antérieur le plus récent du patient</translation>
    </message>
    <message>
        <source>&amp;Four Views (2 x 2)</source>
        <translation>&amp;Quatre vues (2 x 2)</translation>
    </message>
    <message>
        <source>The image and the patient&apos;s three most recent earlier studies</source>
        <translation>L&apos;image et les trois examens antérieurs les plus récents du patient</translation>
    </message>
    <message>
        <source>Lin&amp;k Views</source>
        <translation>&amp;Lier les vues</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Window/level, zoom and pan change in every view at once</source>
        <translation>Fenêtre, zoom et déplacement changent dans toutes les vues à la fois</translation>
    </message>
    <message>
        <source>Ol&amp;der Prior</source>
        <translation>Examen antérieur plus an&amp;cien</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>Show the next older prior study beside</source>
        <translation>Afficher à côté l&apos;examen antérieur suivant, plus ancien</translation>
    </message>
    <message>
        <source>Ne&amp;wer Prior</source>
        <translation>Examen antérieur plus &amp;récent</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Show the next newer prior study beside</source>
        <translation>Afficher à côté l&apos;examen antérieur précédent, plus récent</translation>
    </message>
    <message>
        <source>There is no AI result on screen to send.</source>
        <translation>Aucun résultat IA à l&apos;écran à envoyer.</translation>
    </message>
    <message>
        <source>No PACS receives AI results: mark one in Preferences &gt; PACS.</source>
        <translation>Aucun PACS ne reçoit les résultats IA : cochez-en un dans Préférences &gt; PACS.</translation>
    </message>
    <message>
        <source>Reading the AI report the PACS holds for this image...</source>
        <translation>Lecture du compte rendu IA que le PACS détient pour cette image…</translation>
    </message>
    <message>
        <source>&amp;Send Result to PACS</source>
        <translation>&amp;Envoyer le résultat au PACS</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Store the AI&apos;s report and heatmap on the PACS nodes marked &quot;AI results&quot;</source>
        <translation>Stocker le compte rendu et la carte de chaleur de l&apos;IA sur les nœuds PACS cochés « Résultats IA »</translation>
    </message>
    <message>
        <source>Export De-&amp;identified Study...</source>
        <translation>Exporter l&apos;étude &amp;anonymisée…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Write the study on screen as DICOM without the patient&apos;s identity</source>
        <translation>Écrire l&apos;étude affichée en DICOM sans l&apos;identité du patient</translation>
    </message>
    <message>
        <source>Model &amp;Monitoring...</source>
        <translation>&amp;Surveillance du modèle…</translation>
    </message>
    <message>
        <source>Whether the model still sees the images it was accepted on, still predicts as it did, still agrees with the readers and still passes its golden set</source>
        <translation>Si le modèle voit encore les images sur lesquelles il a été validé, prédit encore comme avant, est encore d&apos;accord avec les lecteurs et réussit encore son jeu de référence</translation>
    </message>
    <message>
        <source>Audit repository not used: %1</source>
        <translation>Dépôt d’audit non utilisé : %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::MonitoringDialog</name>
    <message>
        <source>input drift</source>
        <translation>dérive des entrées</translation>
    </message>
    <message>
        <source>metadata drift</source>
        <translation>dérive des métadonnées</translation>
    </message>
    <message>
        <source>prediction drift</source>
        <translation>dérive des prédictions</translation>
    </message>
    <message>
        <source>reader agreement</source>
        <translation>accord des lecteurs</translation>
    </message>
    <message>
        <source>golden set</source>
        <translation>jeu de référence</translation>
    </message>
    <message numerus="yes">
        <source>Model monitoring: %n open alarm(s) (%1). See AI &gt; Model Monitoring.</source>
        <translation>
            <numerusform>Surveillance du modèle : %n alarme ouverte (%1). Voir IA &gt; Surveillance du modèle.</numerusform>
            <numerusform>Surveillance du modèle : %n alarmes ouvertes (%1). Voir IA &gt; Surveillance du modèle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model Monitoring</source>
        <translation>Surveillance du modèle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>The feedback database %1 cannot be read: %2</source>
        <translation>La base de retours %1 ne peut pas être lue : %2</translation>
    </message>
    <message>
        <source>No prediction has been recorded for monitoring in %1 yet.</source>
        <translation>Aucune prédiction n&apos;a encore été enregistrée pour la surveillance dans %1.</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>Modèle %1</translation>
    </message>
    <message>
        <source>Model %1.</source>
        <translation>Modèle %1.</translation>
    </message>
    <message numerus="yes">
        <source>Reference: %1 to %2, %n image(s).</source>
        <translation>
            <numerusform>Référence : du %1 au %2, %n image.</numerusform>
            <numerusform>Référence : du %1 au %2, %n images.</numerusform>
        </translation>
    </message>
    <message>
        <source>Monitored to %1.</source>
        <translation>Surveillé jusqu&apos;au %1.</translation>
    </message>
    <message>
        <source>No prediction recorded.</source>
        <translation>Aucune prédiction enregistrée.</translation>
    </message>
    <message>
        <source>The reference period is not complete yet (at least 30 days and 150 images).</source>
        <translation>La période de référence n&apos;est pas encore complète (au moins 30 jours et 150 images).</translation>
    </message>
    <message>
        <source>No open alarm.</source>
        <translation>Aucune alarme ouverte.</translation>
    </message>
    <message numerus="yes">
        <source>%n open alarm(s).</source>
        <translation>
            <numerusform>%n alarme ouverte.</numerusform>
            <numerusform>%n alarmes ouvertes.</numerusform>
        </translation>
    </message>
    <message>
        <source>open</source>
        <translation>ouverte</translation>
    </message>
    <message>
        <source>ended %1</source>
        <translation>terminée le %1</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>Input histogram</source>
        <translation>Histogramme d&apos;entrée</translation>
    </message>
    <message>
        <source>Input statistics</source>
        <translation>Statistiques d&apos;entrée</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Métadonnées</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>Prédictions</translation>
    </message>
    <message>
        <source>Reader agreement</source>
        <translation>Accord des lecteurs</translation>
    </message>
    <message>
        <source>Golden set</source>
        <translation>Jeu de référence</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsBrowser</name>
    <message>
        <source>Query PACS</source>
        <translation>Interroger le PACS</translation>
    </message>
    <message>
        <source>The PACS to ask (File &gt; Preferences &gt; PACS lists them)</source>
        <translation>Le PACS à interroger (liste dans Fichier &gt; Préférences &gt; PACS)</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>e.g. DOE* (wildcards * and ?)</source>
        <translation>p. ex. DUPONT* (jokers * et&#xa0;?)</translation>
    </message>
    <message>
        <source>YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD</source>
        <translation>AAAAMMJJ, AAAAMMJJ-AAAAMMJJ, AAAAMMJJ- ou -AAAAMMJJ</translation>
    </message>
    <message>
        <source>Modalities in the study; chest radiographs (CR\DX) by default, empty for any</source>
        <translation>Modalités de l&apos;étude&#xa0;; radiographies thoraciques (CR\DX) par défaut, vide pour toutes</translation>
    </message>
    <message>
        <source>e.g. *CHEST*</source>
        <translation>p. ex. *THORAX*</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>N° d&apos;examen</translation>
    </message>
    <message>
        <source>Patient name</source>
        <translation>Nom du patient</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Date de l&apos;étude</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Cancel search</source>
        <translation>Annuler la recherche</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <source>Series / images</source>
        <translation>Séries / images</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfert</translation>
    </message>
    <message>
        <source>the PACS&apos;s preferred method</source>
        <translation>la méthode préférée du PACS</translation>
    </message>
    <message>
        <source>C-MOVE</source>
        <translation>C-MOVE</translation>
    </message>
    <message>
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <source>Fetch the selected studies into this workstation; the first image opens as soon as it arrives</source>
        <translation>Récupérer les études choisies sur ce poste&#xa0;; la première image s&apos;ouvre dès son arrivée</translation>
    </message>
    <message>
        <source>Cancel retrieves</source>
        <translation>Annuler les récupérations</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Relancer les échecs</translation>
    </message>
    <message>
        <source>by</source>
        <translation>par</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No PACS is configured: add one in File &gt; Preferences &gt; PACS.</source>
        <translation>Aucun PACS configuré&#xa0;: ajoutez-en un dans Fichier &gt; Préférences &gt; PACS.</translation>
    </message>
    <message>
        <source>Searching %1...</source>
        <translation>Recherche sur %1…</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>retrieving...</source>
        <translation>récupération…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln study(s) on %1</source>
        <translation>
            <numerusform>%Ln étude sur %1</numerusform>
            <numerusform>%Ln études sur %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Série %1</translation>
    </message>
    <message>
        <source>queued (%1)</source>
        <translation>en attente (%1)</translation>
    </message>
    <message>
        <source>%1 of %2 received, %3 failed</source>
        <translation>%1 sur %2 reçues, %3 en échec</translation>
    </message>
    <message numerus="yes">
        <source>done: %Ln image(s)</source>
        <translation>
            <numerusform>terminé&#xa0;: %Ln image</numerusform>
            <numerusform>terminé&#xa0;: %Ln images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>cancelled: %Ln image(s) here</source>
        <translation>
            <numerusform>annulé&#xa0;: %Ln image reçue</numerusform>
            <numerusform>annulé&#xa0;: %Ln images reçues</numerusform>
        </translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message numerus="yes">
        <source>Retrieving %Ln study(s) from %1...</source>
        <translation>
            <numerusform>Récupération de %Ln étude depuis %1…</numerusform>
            <numerusform>Récupération de %Ln études depuis %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>incomplete: %1 of %Ln image(s), %2 missing</source>
        <translation>
            <numerusform>incomplet : %1 sur %Ln image, %2 manquantes</numerusform>
            <numerusform>incomplet : %1 sur %Ln images, %2 manquantes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>study: what went wrong</comment>
        <translation>%1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>Retrieved %1: %Ln image(s)</source>
        <translation>
            <numerusform>%1 récupérée : %Ln image</numerusform>
            <numerusform>%1 récupérée : %Ln images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsController</name>
    <message>
        <source>Not receiving (switched off in the preferences): C-GET works, C-MOVE does not</source>
        <translation>Pas de réception (désactivée dans les préférences)&#xa0;: C-GET fonctionne, C-MOVE non</translation>
    </message>
    <message>
        <source>Receiving over TLS as %1 on port %2</source>
        <translation>Réception en TLS sous %1 sur le port %2</translation>
    </message>
    <message>
        <source>Receiving as %1 on port %2</source>
        <translation>Réception sous %1 sur le port %2</translation>
    </message>
    <message>
        <source>Not receiving: %1</source>
        <translation>Pas de réception&#xa0;: %1</translation>
    </message>
    <message>
        <source> (address %1)</source>
        <translation> (adresse %1)</translation>
    </message>
    <message>
        <source>, from any caller</source>
        <translation>, de tout expéditeur</translation>
    </message>
    <message>
        <source>, from no one: no PACS is configured</source>
        <translation>, de personne : aucun PACS n’est configuré</translation>
    </message>
    <message>
        <source>Refused images from %1: not a PACS configured in the preferences</source>
        <translation>Images de %1 refusées : ce n’est pas un PACS configuré dans les préférences</translation>
    </message>
    <message>
        <source>Refused images from %1: it called the AE title %2, not this workstation&apos;s</source>
        <translation>Images de %1 refusées : il a appelé le titre AE %2, pas celui de ce poste</translation>
    </message>
    <message>
        <source>Refused an image from %1: the disk is nearly full</source>
        <translation>Une image de %1 refusée : le disque est presque plein</translation>
    </message>
    <message>
        <source>Refused an image from %1: it could not be written to the disk</source>
        <translation>Une image de %1 refusée : elle n’a pas pu être écrite sur le disque</translation>
    </message>
</context>
<context>
    <name>pulmo::app::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Langue du système (%1)</translation>
    </message>
    <message>
        <source>The language of the window; the system default follows LANGUAGE and LANG</source>
        <translation>La langue de la fenêtre&#xa0;; celle du système suit LANGUAGE et LANG</translation>
    </message>
    <message>
        <source>Applies the next time Pulmo starts.</source>
        <translation>Prise en compte au prochain démarrage de Pulmo.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <source>Memory for decoded images; the least recently viewed are dropped beyond it</source>
        <translation>Mémoire pour les images décodées&#xa0;; au-delà, les moins récemment vues sont retirées</translation>
    </message>
    <message>
        <source>Image cache</source>
        <translation>Cache d&apos;images</translation>
    </message>
    <message>
        <source>TorchScript model or resnet18 state_dict; its card (.json) beside it</source>
        <translation>Modèle TorchScript ou state_dict resnet18&#xa0;; sa fiche (.json) à côté</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>AI model</source>
        <translation>Modèle d&apos;IA</translation>
    </message>
    <message>
        <source>Models (*.pt *.pth *.ts)</source>
        <translation>Modèles (*.pt *.pth *.ts)</translation>
    </message>
    <message>
        <source>%1 %2, threshold %3 in its card; %4</source>
        <translation>%1 %2, seuil %3 selon sa fiche&#xa0;; %4</translation>
    </message>
    <message>
        <source>cleared for clinical use</source>
        <translation>autorisé pour un usage clinique</translation>
    </message>
    <message>
        <source>not for clinical use</source>
        <translation>pas pour un usage clinique</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>Where the model runs: Automatic takes a GPU when there is one</source>
        <translation>Où le modèle tourne&#xa0;: Automatique prend un GPU s&apos;il y en a un</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Processeur</translation>
    </message>
    <message>
        <source>Use my own threshold</source>
        <translation>Utiliser mon propre seuil</translation>
    </message>
    <message>
        <source>Below this top probability the answer is INDETERMINATE</source>
        <translation>Sous cette probabilité maximale, la réponse est INDÉTERMINÉ</translation>
    </message>
    <message>
        <source>the operating-system user</source>
        <translation>l&apos;utilisateur du système</translation>
    </message>
    <message>
        <source>The name your verdicts and the audit log are signed with</source>
        <translation>Le nom qui signe vos avis et le journal d&apos;audit</translation>
    </message>
    <message>
        <source>Reader name</source>
        <translation>Nom du lecteur</translation>
    </message>
    <message>
        <source>This workstation&apos;s AE title: the calling AE title, and the C-MOVE destination the PACS must know with this host and the storage port</source>
        <translation>Titre AE de ce poste&#xa0;: le titre AE appelant, et la destination C-MOVE que le PACS doit connaître avec cet hôte et le port de réception</translation>
    </message>
    <message>
        <source>This workstation&apos;s AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <source>Where the built-in Storage SCP receives C-MOVE transfers (C-GET needs no open port)</source>
        <translation>Où le Storage SCP intégré reçoit les transferts C-MOVE (C-GET n&apos;a besoin d&apos;aucun port ouvert)</translation>
    </message>
    <message>
        <source>Receive on this port while Pulmo runs</source>
        <translation>Recevoir sur ce port tant que Pulmo tourne</translation>
    </message>
    <message>
        <source>Storage port</source>
        <translation>Port de réception</translation>
    </message>
    <message>
        <source>TLS only</source>
        <translation>TLS uniquement</translation>
    </message>
    <message>
        <source>Receive over DICOM TLS only, for PACS that send C-MOVE transfers over TLS</source>
        <translation>Recevoir uniquement en DICOM TLS, pour les PACS qui envoient les transferts C-MOVE en TLS</translation>
    </message>
    <message>
        <source>certificate (PEM)</source>
        <translation>certificat (PEM)</translation>
    </message>
    <message>
        <source>private key (PEM)</source>
        <translation>clé privée (PEM)</translation>
    </message>
    <message>
        <source>CA certificates of the peers (PEM)</source>
        <translation>certificats d&apos;AC des correspondants (PEM)</translation>
    </message>
    <message>
        <source>Receiver TLS</source>
        <translation>TLS en réception</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>TLS profile</source>
        <translation>Profil TLS</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Clé privée</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>Certificats d&apos;AC</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <source>Open an association with the selected peer and send C-ECHO</source>
        <translation>Ouvrir une association avec le correspondant choisi et envoyer un C-ECHO</translation>
    </message>
    <message>
        <source>New PACS</source>
        <translation>Nouveau PACS</translation>
    </message>
    <message>
        <source>Select a peer to test.</source>
        <translation>Choisissez un correspondant à tester.</translation>
    </message>
    <message>
        <source>C-MOVE</source>
        <translation>C-MOVE</translation>
    </message>
    <message>
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <source>BCP 195</source>
        <translation>BCP 195</translation>
    </message>
    <message>
        <source>AES (older PACS)</source>
        <translation>AES (PACS plus anciens)</translation>
    </message>
    <message>
        <source>This workstation: %1</source>
        <translation>Ce poste&#xa0;: %1</translation>
    </message>
    <message>
        <source>This workstation: receiving over TLS needs a certificate and its private key</source>
        <translation>Ce poste&#xa0;: la réception en TLS nécessite un certificat et sa clé privée</translation>
    </message>
    <message>
        <source>%1: testing...</source>
        <translation>%1&#xa0;: test en cours…</translation>
    </message>
    <message>
        <source>%1: C-ECHO answered in %2 ms; the PACS accepts this workstation (%3).</source>
        <translation>%1&#xa0;: C-ECHO a répondu en %2 ms&#xa0;; le PACS accepte ce poste (%3).</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>A (agree) and D (disagree) count only after the image and its AI result were on screen this long</source>
        <translation>A (d&apos;accord) et D (pas d&apos;accord) ne comptent qu&apos;après que l&apos;image et son résultat d&apos;IA ont été affichés aussi longtemps</translation>
    </message>
    <message>
        <source>Minimum viewing time</source>
        <translation>Durée minimale de lecture</translation>
    </message>
    <message>
        <source>Show the AI after my first look</source>
        <translation>Afficher l&apos;IA après ma première lecture</translation>
    </message>
    <message>
        <source>The AI&apos;s label, probabilities and heatmap stay hidden until you press Space; the verdict records it</source>
        <translation>Le diagnostic, les probabilités et la carte thermique de l&apos;IA restent masqués jusqu&apos;à ce que vous appuyiez sur Espace ; l&apos;avis l&apos;enregistre</translation>
    </message>
    <message>
        <source>Send every AI result to the PACS</source>
        <translation>Envoyer chaque résultat IA au PACS</translation>
    </message>
    <message>
        <source>Each result is stored as a structured report and a heatmap capture on the PACS nodes marked &quot;AI results&quot; on the PACS page</source>
        <translation>Chaque résultat est stocké comme compte rendu structuré et capture de la carte de chaleur sur les nœuds PACS cochés « Résultats IA » dans la page PACS</translation>
    </message>
    <message>
        <source>AI results</source>
        <translation>Résultats IA</translation>
    </message>
    <message>
        <source>Send a report I signed with each verdict</source>
        <translation>Envoyer un compte rendu signé par moi avec chaque verdict</translation>
    </message>
    <message>
        <source>Agree or Disagree also sends a verified structured report with your finding, you as its verifying observer, beside the AI&apos;s own</source>
        <translation>Approuver ou Désapprouver envoie aussi un compte rendu structuré vérifié avec votre constat, vous comme observateur vérificateur, à côté de celui de l&apos;IA</translation>
    </message>
    <message>
        <source>AI &gt; Send Result to PACS (and automatic sending) stores the AI&apos;s report and heatmap here</source>
        <translation>IA &gt; Envoyer le résultat au PACS (et l&apos;envoi automatique) stocke ici le compte rendu et la carte de chaleur de l&apos;IA</translation>
    </message>
    <message>
        <source>every interface</source>
        <translation>toutes les interfaces</translation>
    </message>
    <message>
        <source>The address of this machine the Storage SCP listens on (IPv4 or IPv6), e.g. the one facing the PACS; empty: every interface</source>
        <translation>L’adresse de cette machine sur laquelle le SCP de stockage écoute (IPv4 ou IPv6), p. ex. celle tournée vers le PACS ; vide : toutes les interfaces</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
    <message>
        <source>Accept images from any caller (labs only)</source>
        <translation>Accepter les images de tout expéditeur (laboratoires seulement)</translation>
    </message>
    <message>
        <source>Otherwise only the PACS listed below may send images here (their AE title from their host); anyone else is refused, and the refusal is audited</source>
        <translation>Sinon, seuls les PACS listés ci-dessous peuvent envoyer des images (leur titre AE depuis leur hôte) ; tout autre est refusé, et le refus est journalisé</translation>
    </message>
    <message>
        <source>Callers</source>
        <translation>Expéditeurs</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> Mio</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source>Below this much free disk space, images sent here are refused (Out of Resources) rather than half written</source>
        <translation>Sous cet espace disque libre, les images envoyées sont refusées (Out of Resources) plutôt qu’à moitié écrites</translation>
    </message>
    <message>
        <source>Keep free on disk</source>
        <translation>Garder libre sur le disque</translation>
    </message>
    <message>
        <source>none (e.g. tls://audit.hospital.org:6514)</source>
        <translation>aucun (p. ex. tls://audit.hopital.fr:6514)</translation>
    </message>
    <message>
        <source>The hospital&apos;s audit record repository (IHE ATNA): every audit row also goes there as a syslog message, udp://, tcp:// or tls://HOST:PORT (TLS with the receiver&apos;s certificate, key and CA). Rows it cannot take wait and go later.</source>
        <translation>Le dépôt d’audit de l’hôpital (IHE ATNA) : chaque ligne du journal d’audit y part aussi en message syslog, udp://, tcp:// ou tls://HÔTE:PORT (TLS avec le certificat, la clé et l’AC du récepteur). Les lignes qu’il ne prend pas attendent et partent plus tard.</translation>
    </message>
    <message>
        <source>Audit repository</source>
        <translation>Dépôt d’audit</translation>
    </message>
    <message>
        <source>The audit repository &quot;%1&quot; is not udp://, tcp:// or tls://HOST:PORT</source>
        <translation>Le dépôt d’audit « %1 » n’est pas udp://, tcp:// ou tls://HÔTE:PORT</translation>
    </message>
    <message>
        <source>The audit repository over TLS needs the CA certificates (Receiver TLS)</source>
        <translation>Le dépôt d’audit en TLS a besoin des certificats d’AC (TLS du récepteur)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>No, it ends with the window</source>
        <translation>Non, elle se termine avec la fenêtre</translation>
    </message>
    <message>
        <source>Keep the AI loaded</source>
        <translation>Garder l&apos;IA chargée</translation>
    </message>
    <message>
        <source>After the last window closes, the AI and its model stay loaded this long (about 260 MB), so that the next window&apos;s first result follows its first image. Applies from the next start of the AI.</source>
        <translation>Après la fermeture de la dernière fenêtre, l&apos;IA et son modèle restent chargés aussi longtemps (environ 260 Mo), afin que le premier résultat de la fenêtre suivante suive sa première image. S&apos;applique au prochain démarrage de l&apos;IA.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ResultPublisher</name>
    <message>
        <source>No PACS receives AI results: mark one in Preferences &gt; PACS.</source>
        <translation>Aucun PACS ne reçoit les résultats IA : cochez-en un dans Préférences &gt; PACS.</translation>
    </message>
    <message>
        <source>Sending the result to %1...</source>
        <translation>Envoi du résultat à %1…</translation>
    </message>
    <message>
        <source>Result sent to %1 at %2.</source>
        <translation>Résultat envoyé à %1 à %2.</translation>
    </message>
    <message>
        <source>Not sent yet to %1: %2. Next try at %3.</source>
        <translation>Pas encore envoyé à %1 : %2. Prochain essai à %3.</translation>
    </message>
    <message>
        <source>Waiting for %1, which is no longer among the PACS nodes.</source>
        <translation>En attente de %1, qui ne fait plus partie des nœuds PACS.</translation>
    </message>
    <message>
        <source>Not sent to %1: its file is gone (%2).</source>
        <translation>Non envoyé à %1 : son fichier a disparu (%2).</translation>
    </message>
    <message>
        <source>The result could not be prepared for the PACS: %1</source>
        <translation>Le résultat n&apos;a pas pu être préparé pour le PACS : %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ShortcutSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autres</translation>
    </message>
    <message>
        <source>Find an action or a key</source>
        <translation>Chercher une action ou une touche</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Effet</translation>
    </message>
    <message>
        <source>%1: %2 = %3</source>
        <comment>menu: action = keys</comment>
        <translation>%1 : %2 = %3</translation>
    </message>
</context>
<context>
    <name>pulmo::app::SkippedFilesDialog</name>
    <message>
        <source>Files not opened</source>
        <translation>Fichiers non ouverts</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Unreadable (%1)</source>
        <translation>Illisibles (%1)</translation>
    </message>
    <message>
        <source>Other files, not images (%1)</source>
        <translation>Autres fichiers, pas des images (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) look like images but cannot be read: a copy may have been cut short, or the file is damaged or of a kind Pulmo does not support.</source>
        <translation>
            <numerusform>%Ln fichier ressemble à une image mais ne peut pas être lu : une copie a peut-être été interrompue, ou le fichier est endommagé ou d&apos;un type que Pulmo ne prend pas en charge.</numerusform>
            <numerusform>%Ln fichiers ressemblent à des images mais ne peuvent pas être lus : une copie a peut-être été interrompue, ou les fichiers sont endommagés ou d&apos;un type que Pulmo ne prend pas en charge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln other file(s) are not images (text, JSON, reports, DICOMDIR) and were left aside.</source>
        <translation>
            <numerusform>%Ln autre fichier n&apos;est pas une image (texte, JSON, comptes rendus, DICOMDIR) et a été laissé de côté.</numerusform>
            <numerusform>%Ln autres fichiers ne sont pas des images (texte, JSON, comptes rendus, DICOMDIR) et ont été laissés de côté.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::StatusLine</name>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>List the files that were not opened, and why</source>
        <translation>Lister les fichiers non ouverts, et pourquoi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop indexing; what was read so far is kept</source>
        <translation>Arrêter l&apos;indexation&#xa0;; ce qui a déjà été lu est conservé</translation>
    </message>
    <message>
        <source>The built-in Storage SCP that receives C-MOVE transfers</source>
        <translation>Le Storage SCP intégré qui reçoit les transferts C-MOVE</translation>
    </message>
    <message>
        <source>AI %v/%m</source>
        <translation>IA&#xa0;%v/%m</translation>
    </message>
    <message>
        <source>Stop AI</source>
        <translation>Arrêter l&apos;IA</translation>
    </message>
    <message>
        <source>Stop analysing the list; results so far stay</source>
        <translation>Arrêter l&apos;analyse de la liste&#xa0;; les résultats obtenus restent</translation>
    </message>
    <message>
        <source>Indexing...</source>
        <translation>Indexation en cours…</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <comment>images in studies</comment>
        <translation>%1 dans %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln image(s)</source>
        <translation>
            <numerusform>%Ln image</numerusform>
            <numerusform>%Ln images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln study(s)</source>
        <translation>
            <numerusform>%Ln étude</numerusform>
            <numerusform>%Ln études</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln other file(s)</source>
        <translation>
            <numerusform>%1, %Ln autre fichier</numerusform>
            <numerusform>%1, %Ln autres fichiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln unreadable</source>
        <translation>
            <numerusform>%1, %Ln illisible</numerusform>
            <numerusform>%1, %Ln illisibles</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (indexing cancelled)</source>
        <translation>%1 (indexation annulée)</translation>
    </message>
    <message>
        <source>Indexing failed: %1</source>
        <translation>Échec de l&apos;indexation&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Audit: %n row(s) waiting for the repository</source>
        <translation>
            <numerusform>Audit : %n entrée en attente du dépôt</numerusform>
            <numerusform>Audit : %n entrées en attente du dépôt</numerusform>
        </translation>
    </message>
    <message>
        <source>Being sent to the audit record repository</source>
        <translation>Envoi en cours au dépôt d’audit</translation>
    </message>
    <message>
        <source>Not delivered: %1. The rows wait in the feedback database and are sent in order when the repository answers.</source>
        <translation>Non remis : %1. Les entrées attendent dans la base de retours et seront envoyées dans l’ordre dès que le dépôt répondra.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::StudyBrowserPanel</name>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>The open study&apos;s series: Enter or a double click opens one</source>
        <translation>Les séries de l’étude ouverte : Entrée ou un double clic en ouvre une</translation>
    </message>
    <message>
        <source>e.g. smith, jane</source>
        <translation>p. ex. dupont, marie</translation>
    </message>
    <message>
        <source>Patient name, or part of it, in any case: as shown (SMITH, JANE) or as DICOM writes it (SMITH^JANE); * and ? are wildcards</source>
        <translation>Nom du patient, ou une partie, majuscules ou minuscules : tel qu’affiché (DUPONT, MARIE) ou tel que DICOM l’écrit (DUPONT^MARIE) ; * et ? sont des jokers</translation>
    </message>
    <message>
        <source>Patient ID, or part of it; * and ? are wildcards</source>
        <translation>ID patient, ou une partie ; * et ? sont des jokers</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or a range</source>
        <translation>AAAA-MM-JJ, ou une période</translation>
    </message>
    <message>
        <source>Study date: a day (2024-03-01 or 20240301), a month (2024-03), a year (2024), or a range (2024-03-01 - 2024-03-31, 20240301-20240331); either end may be left out</source>
        <translation>Date de l’étude : un jour (2024-03-01 ou 20240301), un mois (2024-03), une année (2024) ou une période (2024-03-01 - 2024-03-31, 20240301-20240331) ; le début ou la fin peut manquer</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Studies of today</source>
        <translation>Études d’aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Studies of yesterday</source>
        <translation>Études d’hier</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 jours</translation>
    </message>
    <message>
        <source>Studies of the last 7 days, today included</source>
        <translation>Études des 7 derniers jours, aujourd’hui compris</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Studies of any date</source>
        <translation>Études de toute date</translation>
    </message>
    <message>
        <source>any</source>
        <translation>toute</translation>
    </message>
    <message>
        <source>First study date (the calendar opens with the arrow)</source>
        <translation>Première date d’étude (la flèche ouvre le calendrier)</translation>
    </message>
    <message>
        <source>Last study date (the calendar opens with the arrow)</source>
        <translation>Dernière date d’étude (la flèche ouvre le calendrier)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>Non relues</translation>
    </message>
    <message>
        <source>Only studies with an image that has no verdict yet</source>
        <translation>Seulement les études avec une image encore sans avis</translation>
    </message>
    <message>
        <source>“%1” is not a date. Write YYYY-MM-DD, or a range such as 2024-03-01 - 2024-03-31; until then the list ignores the date.</source>
        <translation>« %1 » n’est pas une date. Écrivez AAAA-MM-JJ, ou une période comme 2024-03-01 - 2024-03-31 ; d’ici là, la liste ignore la date.</translation>
    </message>
    <message>
        <source>The range ends before it starts; until it is turned round the list ignores the date.</source>
        <translation>La période finit avant de commencer ; tant qu’elle n’est pas inversée, la liste ignore la date.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n study(ies) shown</source>
        <translation>
            <numerusform>%1 sur %n étude affichée</numerusform>
            <numerusform>%1 sur %n études affichées</numerusform>
        </translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Série %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message>
        <source>AI heatmap</source>
        <translation>Carte de chaleur IA</translation>
    </message>
    <message>
        <source>Pulmo&apos;s heatmap capture of an AI result: to look at, not a radiograph to review</source>
        <translation>Capture de carte de chaleur d&apos;un résultat IA de Pulmo : à regarder, pas une radiographie à relire</translation>
    </message>
    <message>
        <source>Pulmo AI result</source>
        <translation>Résultat IA Pulmo</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>modality · what the document is</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Pulmo&apos;s AI result as a structured report: Enter or a double click shows the image it is about and its result</source>
        <translation>Le résultat IA de Pulmo en rapport structuré : Entrée ou un double-clic affiche l&apos;image concernée et son résultat</translation>
    </message>
    <message>
        <source>A structured report or other document, not an image: Enter or a double click shows the image it is about</source>
        <translation>Un rapport structuré ou un autre document, pas une image : Entrée ou un double-clic affiche l&apos;image concernée</translation>
    </message>
</context>
<context>
    <name>pulmo::app::StudyExports</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>The feedback database is unavailable: %1</source>
        <translation>La base de retours est indisponible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Export into an empty folder</source>
        <translation>Exporter dans un dossier vide</translation>
    </message>
    <message>
        <source>Exporting reviewed images...</source>
        <translation>Export des images relues…</translation>
    </message>
    <message>
        <source>Export De-identified Study</source>
        <translation>Exporter l&apos;étude anonymisée</translation>
    </message>
    <message>
        <source>Open a study first.</source>
        <translation>Ouvrez d&apos;abord une étude.</translation>
    </message>
    <message numerus="yes">
        <source>The study on screen (%Ln file(s))</source>
        <translation>
            <numerusform>L&apos;étude affichée (%Ln fichier)</numerusform>
            <numerusform>L&apos;étude affichée (%Ln fichiers)</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting the de-identified study...</source>
        <translation>Export de l&apos;étude anonymisée…</translation>
    </message>
</context>
<context>
    <name>pulmo::app::VerdictFlow</name>
    <message>
        <source>Nothing to judge yet: no AI result for the image on screen.</source>
        <translation>Rien à juger pour l&apos;instant : aucun résultat d&apos;IA pour l&apos;image affichée.</translation>
    </message>
    <message>
        <source>Still saving the last verdict; try again in a moment.</source>
        <translation>Le dernier avis est encore en cours d&apos;enregistrement ; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Already reviewed: press C (Change) to give a new verdict.</source>
        <translation>Déjà relu : appuyez sur C (Modifier) pour donner un nouvel avis.</translation>
    </message>
    <message>
        <source>Reveal the AI result first (Space).</source>
        <translation>Affichez d&apos;abord le résultat de l&apos;IA (Espace).</translation>
    </message>
    <message>
        <source>Look at the image first: a verdict counts after %1 s with the image and its AI result on screen.</source>
        <translation>Regardez d&apos;abord l&apos;image : un avis compte après %1 s d&apos;affichage de l&apos;image et de son résultat d&apos;IA.</translation>
    </message>
    <message>
        <source>Nothing to change: this image has no verdict yet.</source>
        <translation>Rien à modifier : cette image n&apos;a pas encore d&apos;avis.</translation>
    </message>
    <message>
        <source>Changing the verdict: A to agree, D to disagree, Esc to keep it.</source>
        <translation>Modification de l&apos;avis : A d&apos;accord, D pas d&apos;accord, Échap pour le garder.</translation>
    </message>
    <message>
        <source>Nothing to undo: no verdict of this session is left to withdraw.</source>
        <translation>Rien à annuler : plus aucun avis de cette session à retirer.</translation>
    </message>
    <message>
        <source>You agreed: %1 · %2 · %3</source>
        <translation>Vous étiez d&apos;accord : %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%3 agreed: %1 · %2</source>
        <translation>%3 était d&apos;accord : %1 · %2</translation>
    </message>
    <message>
        <source>You disagreed: %1 → %2 · %3 · %4</source>
        <translation>Vous n&apos;étiez pas d&apos;accord : %1 → %2 · %3 · %4</translation>
    </message>
    <message>
        <source>%4 disagreed: %1 → %2 · %3</source>
        <translation>%4 n&apos;était pas d&apos;accord : %1 → %2 · %3</translation>
    </message>
    <message>
        <source>This is Pulmo&apos;s heatmap capture, not a radiograph: verdicts are given on the radiograph.</source>
        <translation>Ceci est la capture de carte de chaleur de Pulmo, pas une radiographie : les avis se donnent sur la radiographie.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ViewportGrid</name>
    <message>
        <source>Current · %1</source>
        <translation>Actuel · %1</translation>
    </message>
    <message>
        <source>No earlier study of this patient</source>
        <translation>Aucun examen antérieur de ce patient</translation>
    </message>
    <message>
        <source>No earlier study</source>
        <translation>Aucun examen antérieur</translation>
    </message>
    <message>
        <source>Prior %1 of %2 · %3</source>
        <translation>Antérieur %1 sur %2 · %3</translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::ImageView</name>
    <message>
        <source>high</source>
        <translation>élevée</translation>
    </message>
    <message>
        <source>low</source>
        <translation>faible</translation>
    </message>
    <message>
        <source>%1 px (no pixel spacing)</source>
        <translation>%1 px (pas d&apos;espacement des pixels)</translation>
    </message>
    <message>
        <source>%1 mm (at detector)</source>
        <translation>%1 mm (au détecteur)</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 mm</translation>
    </message>
    <message>
        <source>Open a study: File &gt; Open, or drop files here</source>
        <translation>Ouvrir une étude&#xa0;: Fichier &gt; Ouvrir, ou déposer des fichiers ici</translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation>ID %1</translation>
    </message>
    <message>
        <source>Series %1  Image %2</source>
        <translation>Série %1  Image %2</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Trame %1 / %2</translation>
    </message>
    <message>
        <source>Inverted</source>
        <translation>Inversé</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Zoom %1&#xa0;%</translation>
    </message>
    <message>
        <source>Custom</source>
        <comment>window preset</comment>
        <translation>Personnalisé</translation>
    </message>
    <message>
        <source>Rotated %1°</source>
        <translation>Pivoté de %1°</translation>
    </message>
    <message>
        <source>Flipped H</source>
        <translation>Retourné horizontalement</translation>
    </message>
    <message>
        <source>Ruler: drag to measure · drag an end to move it · click one, then Del to remove it · Esc to stop</source>
        <translation>Règle : glisser pour mesurer · glisser une extrémité pour la déplacer · cliquer sur une règle, puis Suppr pour l’effacer · Échap pour quitter</translation>
    </message>
    <message>
        <source>DOB %1</source>
        <translation>Né(e) le %1</translation>
    </message>
    <message>
        <source>DOB %1 (%2)</source>
        <translation>Né(e) le %1 (%2)</translation>
    </message>
    <message>
        <source>Image %1 of %2</source>
        <translation>Image %1 sur %2</translation>
    </message>
    <message>
        <source>Study %1 of %2</source>
        <translation>Examen %1 sur %2</translation>
    </message>
    <message>
        <source>%1  W %2  L %3</source>
        <translation>%1  L %2  N %3</translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::StudyBrowserModel</name>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>&gt;99%</source>
        <translation>&gt;99 %</translation>
    </message>
    <message>
        <source>&lt;1%</source>
        <translation>&lt;1 %</translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>a whole percent</comment>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 (%2 mo)</source>
        <comment>birth date (age in months at the study)</comment>
        <translation>%1 (%2 mois)</translation>
    </message>
    <message>
        <source>%1 (%2 y)</source>
        <comment>birth date (age in years at the study)</comment>
        <translation>%1 (%2 ans)</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>images reviewed / images</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1, patient ID %2</source>
        <translation>%1, ID patient %2</translation>
    </message>
    <message>
        <source>, sex %1</source>
        <translation>, sexe %1</translation>
    </message>
    <message>
        <source>Accession number %1</source>
        <translation>Numéro d’accès %1</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <comment>images in series</comment>
        <translation>%1 en %2</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n série</numerusform>
            <numerusform>%n séries</numerusform>
        </translation>
    </message>
    <message>
        <source>Not analysed by the AI yet</source>
        <translation>Pas encore analysée par l’IA</translation>
    </message>
    <message>
        <source>The AI&apos;s probability of %1 for the study&apos;s most suspicious image: %2 (%3)</source>
        <translation>Probabilité de %1 selon l’IA pour l’image la plus suspecte de l’étude : %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s) reviewed</source>
        <translation>
            <numerusform>%1 sur %n image relue</numerusform>
            <numerusform>%1 sur %n images relues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read: %1</source>
        <translation>
            <numerusform>%n image illisible : %1</numerusform>
            <numerusform>%n images illisibles : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <source>Born (age)</source>
        <translation>Naissance (âge)</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Date de l’étude</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>AI P(%1)</source>
        <comment>the AI&apos;s probability of the positive label</comment>
        <translation>IA P(%1)</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Relue</translation>
    </message>
    <message>
        <source>Birth date, and the age at the study</source>
        <translation>Date de naissance, et l’âge lors de l’étude</translation>
    </message>
    <message>
        <source>The AI&apos;s probability of %1 for the study&apos;s most suspicious image. Sort by it to read the most suspicious studies first.</source>
        <translation>Probabilité de %1 selon l’IA pour l’image la plus suspecte de l’étude. Triez par elle pour lire d’abord les études les plus suspectes.</translation>
    </message>
    <message>
        <source>Images of the study with your verdict: ✓ all of them, 3/4 some</source>
        <translation>Images de l’étude avec votre avis : ✓ toutes, 3/4 certaines</translation>
    </message>
    <message numerus="yes">
        <source>and %n report(s) or other document(s)</source>
        <translation>
            <numerusform>et %n rapport ou autre document</numerusform>
            <numerusform>et %n rapports ou autres documents</numerusform>
        </translation>
    </message>
    <message>
        <source>Radiographs of the study: Pulmo&apos;s heatmap captures and structured reports are not counted</source>
        <translation>Radiographies de l&apos;étude : les captures de carte de chaleur de Pulmo et les rapports structurés ne sont pas comptés</translation>
    </message>
</context>
</TS>
