<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="38"/>
        <location filename="../app/gui/ErrorText.cpp" line="115"/>
        <source>The file does not exist.</source>
        <translation>Le fichier n&apos;existe pas.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="40"/>
        <source>No permission to read the file.</source>
        <translation>Pas d&apos;autorisation pour lire le fichier.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="42"/>
        <source>The file cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir le fichier.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="44"/>
        <location filename="../app/gui/ErrorText.cpp" line="121"/>
        <source>This is a folder, not a file.</source>
        <translation>Ceci est un dossier, pas un fichier.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="46"/>
        <source>The file is empty.</source>
        <translation>Le fichier est vide.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="48"/>
        <source>Not a DICOM file, or the file is damaged or incomplete.</source>
        <translation>Ce n&apos;est pas un fichier DICOM, ou le fichier est endommagé ou incomplet.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="52"/>
        <source>The transfer syntax %1 is not supported.</source>
        <translation>La syntaxe de transfert %1 n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="53"/>
        <source>The transfer syntax %1 (%2) is not supported.</source>
        <translation>La syntaxe de transfert %1 (%2) n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="56"/>
        <source>The pixel data is incomplete: %1 of %2 bytes are present.</source>
        <translation>Les données pixel sont incomplètes : %1 octets présents sur %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="59"/>
        <source>The header value %1 = %2 is invalid.</source>
        <translation>La valeur d&apos;en-tête %1 = %2 n&apos;est pas valide.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="61"/>
        <source>The header value %1 = %2 is not supported.</source>
        <translation>La valeur d&apos;en-tête %1 = %2 n&apos;est pas prise en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="63"/>
        <source>The image is too large to open: %1 x %2 pixels, %3 frame(s), needs %4 MiB of memory (limit %5 MiB).</source>
        <translation>L&apos;image est trop grande pour être ouverte : %1 x %2 pixels, %3 trame(s), nécessite %4 Mio de mémoire (limite %5 Mio).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="68"/>
        <source>The file holds no image (no pixel data).</source>
        <translation>Le fichier ne contient pas d&apos;image (pas de données pixel).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="69"/>
        <source>The file holds no image (no pixel data; SOP Class %1).</source>
        <translation>Le fichier ne contient pas d&apos;image (pas de données pixel ; classe SOP %1).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="71"/>
        <source>Floating-point pixel data is not supported.</source>
        <translation>Les données pixel en virgule flottante ne sont pas prises en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="73"/>
        <source>The pixel data is damaged and cannot be decoded.</source>
        <translation>Les données pixel sont endommagées et ne peuvent pas être décodées.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="75"/>
        <source>Not enough memory to decode the image.</source>
        <translation>Mémoire insuffisante pour décoder l&apos;image.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="77"/>
        <source>The file is nested too deeply to be read safely (%1 sequence items).</source>
        <translation>Le fichier est trop profondément imbriqué pour être lu en toute sécurité (%1 éléments de séquence).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="79"/>
        <source>Not a DICOMDIR (no directory records).</source>
        <translation>Ce n&apos;est pas un DICOMDIR (aucun enregistrement de répertoire).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="81"/>
        <source>The file cannot be written.</source>
        <translation>Impossible d&apos;écrire le fichier.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="83"/>
        <source>The image has %1 frame(s); frame %2 does not exist.</source>
        <translation>L&apos;image a %1 trame(s) ; la trame %2 n&apos;existe pas.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="88"/>
        <location filename="../app/gui/ErrorText.cpp" line="125"/>
        <source>Internal error while reading the file: %1</source>
        <translation>Erreur interne lors de la lecture du fichier : %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="93"/>
        <location filename="../app/gui/ErrorText.cpp" line="130"/>
        <location filename="../app/gui/ErrorText.cpp" line="266"/>
        <source>%1: %2</source>
        <comment>file or peer: what went wrong</comment>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="108"/>
        <source>Not an image (no pixel data).</source>
        <translation>Ce n&apos;est pas une image (pas de données pixel).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="109"/>
        <source>Not an image (no pixel data; SOP Class %1).</source>
        <translation>Ce n&apos;est pas une image (pas de données pixel ; classe SOP %1).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="111"/>
        <source>The Study Instance UID is missing.</source>
        <translation>L&apos;UID d&apos;instance d&apos;étude (Study Instance UID) est absent.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="113"/>
        <source>The Series Instance UID is missing.</source>
        <translation>L&apos;UID d&apos;instance de série (Series Instance UID) est absent.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="117"/>
        <source>The folder does not exist.</source>
        <translation>Le dossier n&apos;existe pas.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="119"/>
        <source>The folder cannot be read.</source>
        <translation>Impossible de lire le dossier.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="137"/>
        <source>The study index %1 cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir l&apos;index des études %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="139"/>
        <source>The study index %1 is damaged and cannot be replaced.</source>
        <translation>L&apos;index des études %1 est endommagé et ne peut pas être remplacé.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="143"/>
        <source>The study index %1 cannot be read or updated.</source>
        <translation>Impossible de lire ou de mettre à jour l&apos;index des études %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="157"/>
        <source>Connection refused: no DICOM service is listening on this host and port.</source>
        <translation>Connexion refusée : aucun service DICOM n&apos;écoute sur cet hôte et ce port.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="160"/>
        <source>The host cannot be reached (no route to it).</source>
        <translation>L&apos;hôte est injoignable (aucune route).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="163"/>
        <source>The host name is unknown.</source>
        <translation>Le nom d&apos;hôte est inconnu.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="166"/>
        <source>The connection could not be established.</source>
        <translation>La connexion n&apos;a pas pu être établie.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="169"/>
        <source>Timeout: no answer within %1 s.</source>
        <translation>Délai dépassé : aucune réponse en %1 s.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="174"/>
        <source>Association rejected: our AE title %1 is not known to the peer (register this workstation there).</source>
        <translation>Association refusée : notre titre AE %1 n&apos;est pas connu du correspondant (y enregistrer ce poste).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="178"/>
        <source>Association rejected: the peer does not answer to the AE title %1 (check the AE title in the settings).</source>
        <translation>Association refusée : le correspondant ne répond pas au titre AE %1 (vérifier le titre AE dans les paramètres).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="182"/>
        <source>Association rejected: application context not supported.</source>
        <translation>Association refusée : contexte d&apos;application non pris en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="184"/>
        <source>Association rejected: protocol version not supported.</source>
        <translation>Association refusée : version de protocole non prise en charge.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="186"/>
        <source>Association rejected: the peer is busy for the moment; try again later.</source>
        <translation>Association refusée : le correspondant est momentanément surchargé ; réessayez plus tard.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="189"/>
        <source>Association rejected: the peer&apos;s limit of simultaneous connections is reached; try again later.</source>
        <translation>Association refusée : le nombre maximal de connexions simultanées du correspondant est atteint ; réessayez plus tard.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="192"/>
        <source>Association rejected by the peer (no reason given).</source>
        <translation>Association refusée par le correspondant (aucun motif indiqué).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="196"/>
        <source>The peer does not offer the service %1 to this AE title.</source>
        <translation>Le correspondant ne propose pas le service %1 à ce titre AE.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="199"/>
        <source>The connection was lost or aborted by the peer.</source>
        <translation>La connexion a été perdue ou interrompue par le correspondant.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="203"/>
        <source>%1 failed with status %2.</source>
        <translation>%1 a échoué avec le statut %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="205"/>
        <source>%1 failed with status %2; the peer says: %3</source>
        <translation>%1 a échoué avec le statut %2 ; le correspondant indique : %3</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="209"/>
        <source>The peer sent nothing for this study (unknown Study Instance UID?).</source>
        <translation>Le correspondant n&apos;a rien envoyé pour cette étude (Study Instance UID inconnu ?).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="212"/>
        <source>%1 of %2 images did not arrive.</source>
        <translation>%1 images sur %2 ne sont pas arrivées.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="215"/>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="218"/>
        <source>The TLS handshake failed (certificate not trusted, expired, or for another host?).</source>
        <translation>La négociation TLS a échoué (certificat non approuvé, expiré ou émis pour un autre hôte ?).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="221"/>
        <source>The certificate %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire le certificat %1 (format PEM attendu).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="224"/>
        <source>The private key %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire la clé privée %1 (format PEM attendu).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="227"/>
        <source>The CA certificate %1 cannot be read (PEM expected).</source>
        <translation>Impossible de lire le certificat d&apos;autorité (CA) %1 (format PEM attendu).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="230"/>
        <source>The private key does not match the certificate.</source>
        <translation>La clé privée ne correspond pas au certificat.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="233"/>
        <source>No CA certificate is configured: the peer cannot be verified.</source>
        <translation>Aucun certificat d&apos;autorité (CA) n&apos;est configuré : le correspondant ne peut pas être vérifié.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="236"/>
        <source>Receiving over TLS needs a certificate and its private key.</source>
        <translation>La réception via TLS nécessite un certificat et sa clé privée.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="239"/>
        <source>Give both a certificate and its private key, or neither.</source>
        <translation>Indiquez à la fois un certificat et sa clé privée, ou aucun des deux.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="242"/>
        <source>Cannot listen on port %1 (in use by another program, or a privileged port).</source>
        <translation>Impossible d&apos;écouter sur le port %1 (utilisé par un autre programme, ou port privilégié).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="247"/>
        <source>C-MOVE needs this workstation&apos;s DICOM receiver (Storage SCP), which is not running; retrieve by C-GET instead.</source>
        <translation>C-MOVE nécessite le récepteur DICOM (Storage SCP) de ce poste, qui n&apos;est pas démarré ; récupérez plutôt par C-GET.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="251"/>
        <source>No storage folder is configured.</source>
        <translation>Aucun dossier de stockage n&apos;est configuré.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="254"/>
        <source>The storage folder %1 cannot be created or written.</source>
        <translation>Impossible de créer le dossier de stockage %1 ou d’y écrire.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="257"/>
        <source>The received image cannot be saved as %1.</source>
        <translation>Impossible d&apos;enregistrer l&apos;image reçue sous %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="260"/>
        <source>%1 &quot;%2&quot; is not a valid UID.</source>
        <translation>%1 « %2 » n’est pas un UID valide.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="263"/>
        <source>Network error: %1</source>
        <translation>Erreur réseau : %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="285"/>
        <source>The feedback database %1 cannot be opened.</source>
        <translation>Impossible d&apos;ouvrir la base de données des avis %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="287"/>
        <source>The feedback database %1 is read-only (read-only drive or share, or no permission).</source>
        <translation>La base de données des avis %1 est en lecture seule (disque ou partage en lecture seule, ou pas d&apos;autorisation).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="289"/>
        <source>The disk that holds the feedback database %1 is full.</source>
        <translation>Le disque qui contient la base de données des avis %1 est plein.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="291"/>
        <source>The feedback database %1 is locked by another program (waited %2 s).</source>
        <translation>La base de données des avis %1 est verrouillée par un autre programme (attente de %2 s).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="294"/>
        <source>The feedback database %1 was written by a newer Pulmo (schema %2; this version knows up to %3).</source>
        <translation>La base de données des avis %1 a été écrite par une version plus récente de Pulmo (schéma %2 ; cette version connaît jusqu’au schéma %3).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="298"/>
        <source>The feedback database %1 is damaged.</source>
        <translation>La base de données des avis %1 est endommagée.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="302"/>
        <source>Feedback database error: %1</source>
        <translation>Erreur de la base de données des avis : %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="315"/>
        <source>The inference plugin %1 is missing.</source>
        <translation>Le module d&apos;inférence %1 est absent.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="317"/>
        <source>The inference plugin %1 cannot be loaded.</source>
        <translation>Impossible de charger le module d&apos;inférence %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="319"/>
        <source>The inference plugin %1 was built for another version of Pulmo (interface %2 expected).</source>
        <translation>Le module d&apos;inférence %1 a été compilé pour une autre version de Pulmo (interface %2 attendue).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="322"/>
        <source>No model is configured.</source>
        <translation>Aucun modèle n&apos;est configuré.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="324"/>
        <source>The model file %1 does not exist or cannot be read.</source>
        <translation>Le fichier de modèle %1 n&apos;existe pas ou ne peut pas être lu.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="326"/>
        <source>%1 is not a usable model (neither TorchScript nor a ResNet18 state_dict), or it is damaged.</source>
        <translation>%1 n&apos;est pas un modèle utilisable (ni TorchScript, ni state_dict ResNet18), ou il est endommagé.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="329"/>
        <source>The model card %1 is not valid JSON.</source>
        <translation>La fiche du modèle %1 n&apos;est pas un JSON valide.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="331"/>
        <source>The model card %1 has an invalid value in the field &quot;%2&quot;.</source>
        <translation>La fiche du modèle %1 contient une valeur non valide dans le champ « %2 ».</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="334"/>
        <source>The model %1 has %2 outputs, but its card names %3 classes.</source>
        <translation>Le modèle %1 a %2 sorties, mais sa fiche nomme %3 classes.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="337"/>
        <source>The device %1 is not available (no CUDA GPU, or no such device).</source>
        <translation>Le périphérique %1 n&apos;est pas disponible (pas de GPU CUDA, ou périphérique inexistant).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="339"/>
        <source>The model %1 failed on this image.</source>
        <translation>Le modèle %1 a échoué sur cette image.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="343"/>
        <source>AI error: %1</source>
        <translation>Erreur de l’IA : %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="353"/>
        <source>AI unavailable: %1</source>
        <translation>IA indisponible : %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="364"/>
        <source>Internal error: %1</source>
        <translation>Erreur interne : %1</translation>
    </message>
</context>
</TS>
