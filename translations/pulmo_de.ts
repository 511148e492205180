<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <translation>Die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>No permission to read the file.</source>
        <translation>Keine Berechtigung, die Datei zu lesen.</translation>
    </message>
    <message>
        <source>The file cannot be opened.</source>
        <translation>Die Datei kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>This is a folder, not a file.</source>
        <translation>Das ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>The transfer syntax %1 is not supported.</source>
        <translation>Die Übertragungssyntax %1 wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>The transfer syntax %1 (%2) is not supported.</source>
        <translation>Die Übertragungssyntax %1 (%2) wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>The pixel data is incomplete: %1 of %2 bytes are present.</source>
        <translation>Die Pixeldaten sind unvollständig: %1 von %2 Bytes sind vorhanden.</translation>
    </message>
    <message>
        <source>The header value %1 = %2 is invalid.</source>
        <translation>Der Header-Wert %1 = %2 ist ungültig.</translation>
    </message>
    <message>
        <source>The header value %1 = %2 is not supported.</source>
        <translation>Der Header-Wert %1 = %2 wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>The image is too large to open: %1 x %2 pixels, %3 frame(s), needs %4 MiB of memory (limit %5 MiB).</source>
        <translation>Das Bild ist zu groß zum Öffnen: %1 x %2 Pixel, %3 Frame(s), benötigt %4 MiB Arbeitsspeicher (Grenze %5 MiB).</translation>
    </message>
    <message>
        <source>The file holds no image (no pixel data).</source>
        <translation>Die Datei enthält kein Bild (keine Pixeldaten).</translation>
    </message>
    <message>
        <source>The file holds no image (no pixel data; SOP Class %1).</source>
        <translation>Die Datei enthält kein Bild (keine Pixeldaten; SOP-Klasse %1).</translation>
    </message>
    <message>
        <source>Floating-point pixel data is not supported.</source>
        <translation>Gleitkomma-Pixeldaten werden nicht unterstützt.</translation>
    </message>
    <message>
        <source>The pixel data is damaged and cannot be decoded.</source>
        <translation>Die Pixeldaten sind beschädigt und können nicht dekodiert werden.</translation>
    </message>
    <message>
        <source>Not enough memory to decode the image.</source>
        <translation>Nicht genug Arbeitsspeicher, um das Bild zu dekodieren.</translation>
    </message>
    <message>
        <source>The file is nested too deeply to be read safely (%1 sequence items).</source>
        <translation>Die Datei ist zu tief verschachtelt, um sicher gelesen zu werden (%1 Sequenzelemente).</translation>
    </message>
    <message>
        <source>Not a DICOMDIR (no directory records).</source>
        <translation>Kein DICOMDIR (keine Verzeichniseinträge).</translation>
    </message>
    <message>
        <source>The file cannot be written.</source>
        <translation>Die Datei kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The image has %1 frame(s); frame %2 does not exist.</source>
        <translation>Das Bild hat %1 Frame(s); Frame %2 existiert nicht.</translation>
    </message>
    <message>
        <source>Internal error while reading the file: %1</source>
        <translation>Interner Fehler beim Lesen der Datei: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>file or peer: what went wrong</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not an image (no pixel data).</source>
        <translation>Kein Bild (keine Pixeldaten).</translation>
    </message>
    <message>
        <source>Not an image (no pixel data; SOP Class %1).</source>
        <translation>Kein Bild (keine Pixeldaten; SOP-Klasse %1).</translation>
    </message>
    <message>
        <source>The Study Instance UID is missing.</source>
        <translation>Die Study Instance UID fehlt.</translation>
    </message>
    <message>
        <source>The Series Instance UID is missing.</source>
        <translation>Die Series Instance UID fehlt.</translation>
    </message>
    <message>
        <source>The folder does not exist.</source>
        <translation>Der Ordner existiert nicht.</translation>
    </message>
    <message>
        <source>The folder cannot be read.</source>
        <translation>Der Ordner kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The study index %1 cannot be opened.</source>
        <translation>Der Studienindex %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The study index %1 is damaged and cannot be replaced.</source>
        <translation>Der Studienindex %1 ist beschädigt und kann nicht ersetzt werden.</translation>
    </message>
    <message>
        <source>The study index %1 cannot be read or updated.</source>
        <translation>Der Studienindex %1 kann nicht gelesen oder aktualisiert werden.</translation>
    </message>
    <message>
        <source>Connection refused: no DICOM service is listening on this host and port.</source>
        <translation>Verbindung abgelehnt: Auf diesem Host und Port ist kein DICOM-Dienst erreichbar.</translation>
    </message>
    <message>
        <source>The host cannot be reached (no route to it).</source>
        <translation>Der Host ist nicht erreichbar (keine Route dorthin).</translation>
    </message>
    <message>
        <source>The host name is unknown.</source>
        <translation>Der Hostname ist unbekannt.</translation>
    </message>
    <message>
        <source>The connection could not be established.</source>
        <translation>Die Verbindung konnte nicht hergestellt werden.</translation>
    </message>
    <message>
        <source>Timeout: no answer within %1 s.</source>
        <translation>Zeitüberschreitung: keine Antwort innerhalb von %1 s.</translation>
    </message>
    <message>
        <source>Association rejected: our AE title %1 is not known to the peer (register this workstation there).</source>
        <translation>Assoziation abgelehnt: Unser AE-Titel %1 ist der Gegenstelle nicht bekannt (diese Arbeitsstation dort eintragen).</translation>
    </message>
    <message>
        <source>Association rejected: the peer does not answer to the AE title %1 (check the AE title in the settings).</source>
        <translation>Assoziation abgelehnt: Die Gegenstelle meldet sich nicht unter dem AE-Titel %1 (AE-Titel in den Einstellungen prüfen).</translation>
    </message>
    <message>
        <source>Association rejected: application context not supported.</source>
        <translation>Assoziation abgelehnt: Anwendungskontext nicht unterstützt.</translation>
    </message>
    <message>
        <source>Association rejected: protocol version not supported.</source>
        <translation>Assoziation abgelehnt: Protokollversion nicht unterstützt.</translation>
    </message>
    <message>
        <source>Association rejected: the peer is busy for the moment; try again later.</source>
        <translation>Assoziation abgelehnt: Die Gegenstelle ist momentan ausgelastet; später erneut versuchen.</translation>
    </message>
    <message>
        <source>Association rejected: the peer&apos;s limit of simultaneous connections is reached; try again later.</source>
        <translation>Assoziation abgelehnt: Die Höchstzahl gleichzeitiger Verbindungen der Gegenstelle ist erreicht; später erneut versuchen.</translation>
    </message>
    <message>
        <source>Association rejected by the peer (no reason given).</source>
        <translation>Assoziation von der Gegenstelle abgelehnt (ohne Angabe von Gründen).</translation>
    </message>
    <message>
        <source>The peer does not offer the service %1 to this AE title.</source>
        <translation>Die Gegenstelle bietet diesem AE-Titel den Dienst %1 nicht an.</translation>
    </message>
    <message>
        <source>The connection was lost or aborted by the peer.</source>
        <translation>Die Verbindung wurde unterbrochen oder von der Gegenstelle abgebrochen.</translation>
    </message>
    <message>
        <source>%1 failed with status %2.</source>
        <translation>%1 fehlgeschlagen mit Status %2.</translation>
    </message>
    <message>
        <source>%1 failed with status %2; the peer says: %3</source>
        <translation>%1 fehlgeschlagen mit Status %2; die Gegenstelle meldet: %3</translation>
    </message>
    <message>
        <source>The peer sent nothing for this study (unknown Study Instance UID?).</source>
        <translation>Die Gegenstelle hat für diese Studie nichts gesendet (unbekannte Study Instance UID?).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The TLS handshake failed (certificate not trusted, expired, or for another host?).</source>
        <translation>Der TLS-Handshake ist fehlgeschlagen (Zertifikat nicht vertrauenswürdig, abgelaufen oder für einen anderen Host?).</translation>
    </message>
    <message>
        <source>The certificate %1 cannot be read (PEM expected).</source>
        <translation>Das Zertifikat %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <source>The private key %1 cannot be read (PEM expected).</source>
        <translation>Der private Schlüssel %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <source>The CA certificate %1 cannot be read (PEM expected).</source>
        <translation>Das CA-Zertifikat %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <source>The private key does not match the certificate.</source>
        <translation>Der private Schlüssel passt nicht zum Zertifikat.</translation>
    </message>
    <message>
        <source>No CA certificate is configured: the peer cannot be verified.</source>
        <translation>Kein CA-Zertifikat eingerichtet: Die Gegenstelle kann nicht überprüft werden.</translation>
    </message>
    <message>
        <source>Receiving over TLS needs a certificate and its private key.</source>
        <translation>Der Empfang über TLS benötigt ein Zertifikat und den zugehörigen privaten Schlüssel.</translation>
    </message>
    <message>
        <source>Give both a certificate and its private key, or neither.</source>
        <translation>Bitte Zertifikat und privaten Schlüssel gemeinsam angeben, oder keines von beiden.</translation>
    </message>
    <message>
        <source>Cannot listen on port %1 (in use by another program, or a privileged port).</source>
        <translation>Port %1 kann nicht geöffnet werden (von einem anderen Programm belegt oder privilegierter Port).</translation>
    </message>
    <message>
        <source>C-MOVE needs this workstation&apos;s DICOM receiver (Storage SCP), which is not running; retrieve by C-GET instead.</source>
        <translation>C-MOVE benötigt den DICOM-Empfänger (Storage SCP) dieser Arbeitsstation, der nicht läuft; stattdessen per C-GET abrufen.</translation>
    </message>
    <message>
        <source>No storage folder is configured.</source>
        <translation>Kein Speicherordner eingerichtet.</translation>
    </message>
    <message>
        <source>The storage folder %1 cannot be created or written.</source>
        <translation>Der Speicherordner %1 kann nicht angelegt oder beschrieben werden.</translation>
    </message>
    <message>
        <source>The received image cannot be saved as %1.</source>
        <translation>Das empfangene Bild kann nicht als %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a valid UID.</source>
        <translation>%1 „%2“ ist keine gültige UID.</translation>
    </message>
    <message>
        <source>Network error: %1</source>
        <translation>Netzwerkfehler: %1</translation>
    </message>
    <message>
        <source>The feedback database %1 cannot be opened.</source>
        <translation>Die Feedback-Datenbank %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The feedback database %1 is read-only (read-only drive or share, or no permission).</source>
        <translation>Die Feedback-Datenbank %1 ist schreibgeschützt (schreibgeschütztes Laufwerk oder Netzlaufwerk, oder keine Berechtigung).</translation>
    </message>
    <message>
        <source>The disk that holds the feedback database %1 is full.</source>
        <translation>Der Datenträger mit der Feedback-Datenbank %1 ist voll.</translation>
    </message>
    <message>
        <source>The feedback database %1 is locked by another program (waited %2 s).</source>
        <translation>Die Feedback-Datenbank %1 ist durch ein anderes Programm gesperrt (%2 s gewartet).</translation>
    </message>
    <message>
        <source>The feedback database %1 was written by a newer Pulmo (schema %2; this version knows up to %3).</source>
        <translation>Die Feedback-Datenbank %1 wurde von einer neueren Pulmo-Version geschrieben (Schema %2; diese Version kennt bis %3).</translation>
    </message>
    <message>
        <source>The feedback database %1 is damaged.</source>
        <translation>Die Feedback-Datenbank %1 ist beschädigt.</translation>
    </message>
    <message>
        <source>Feedback database error: %1</source>
        <translation>Fehler der Feedback-Datenbank: %1</translation>
    </message>
    <message>
        <source>The inference plugin %1 is missing.</source>
        <translation>Das Inferenz-Plugin %1 fehlt.</translation>
    </message>
    <message>
        <source>The inference plugin %1 cannot be loaded.</source>
        <translation>Das Inferenz-Plugin %1 kann nicht geladen werden.</translation>
    </message>
    <message>
        <source>The inference plugin %1 was built for another version of Pulmo (interface %2 expected).</source>
        <translation>Das Inferenz-Plugin %1 wurde für eine andere Pulmo-Version gebaut (Schnittstelle %2 erwartet).</translation>
    </message>
    <message>
        <source>No model is configured.</source>
        <translation>Kein Modell eingerichtet.</translation>
    </message>
    <message>
        <source>The model file %1 does not exist or cannot be read.</source>
        <translation>Die Modelldatei %1 existiert nicht oder kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 is not a usable model (neither TorchScript nor a ResNet18 state_dict), or it is damaged.</source>
        <translation>%1 ist kein verwendbares Modell (weder TorchScript noch ein ResNet18-state_dict) oder ist beschädigt.</translation>
    </message>
    <message>
        <source>The model card %1 is not valid JSON.</source>
        <translation>Die Modellkarte %1 ist kein gültiges JSON.</translation>
    </message>
    <message>
        <source>The model card %1 has an invalid value in the field &quot;%2&quot;.</source>
        <translation>Die Modellkarte %1 enthält einen ungültigen Wert im Feld „%2“.</translation>
    </message>
    <message>
        <source>The model %1 has %2 outputs, but its card names %3 classes.</source>
        <translation>Das Modell %1 hat %2 Ausgänge, seine Modellkarte nennt aber %3 Klassen.</translation>
    </message>
    <message>
        <source>The device %1 is not available (no CUDA GPU, or no such device).</source>
        <translation>Das Gerät %1 ist nicht verfügbar (keine CUDA-GPU oder kein solches Gerät).</translation>
    </message>
    <message>
        <source>The model %1 failed on this image.</source>
        <translation>Das Modell %1 ist bei diesem Bild fehlgeschlagen.</translation>
    </message>
    <message>
        <source>AI error: %1</source>
        <translation>KI-Fehler: %1</translation>
    </message>
    <message>
        <source>AI unavailable: %1</source>
        <translation>KI nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>Interner Fehler: %1</translation>
    </message>
    <message>
        <source>The text is not valid JSON.</source>
        <translation>Der Text ist kein gültiges JSON.</translation>
    </message>
    <message>
        <source>The text is valid JSON, but not a JSON object (fields in braces).</source>
        <translation>Der Text ist gültiges JSON, aber kein JSON-Objekt (Felder in geschweiften Klammern).</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be text.</source>
        <translation>Das Feld „%1“ muss Text enthalten.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a list of at least %2 class names.</source>
        <translation>Das Feld „%1“ muss eine Liste von mindestens %2 Klassennamen sein.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold the class names as non-empty text.</source>
        <translation>Das Feld „%1“ muss die Klassennamen als nicht leeren Text enthalten.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; names &quot;%2&quot;, which is not one of the labels.</source>
        <translation>Das Feld „%1“ nennt „%2“, das keine der Klassen ist.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Das Feld „%1“ muss eine ganze Zahl von %2 bis %3 sein.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a list of 3 numbers.</source>
        <translation>Das Feld „%1“ muss eine Liste von 3 Zahlen sein.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 3 finite numbers; item %2 is not one.</source>
        <translation>Das Feld „%1“ muss 3 endliche Zahlen enthalten; Eintrag %2 ist keine.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 3 finite numbers above 0; item %2 is not one.</source>
        <translation>Das Feld „%1“ muss 3 endliche Zahlen größer als 0 enthalten; Eintrag %2 ist keine.</translation>
    </message>
    <message>
        <source>The value &quot;%2&quot; of the field &quot;%1&quot; is not supported (supported: %3).</source>
        <translation>Der Wert „%2“ im Feld „%1“ wird nicht unterstützt (unterstützt: %3).</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a number above %2 and at most %3.</source>
        <translation>Das Feld „%1“ muss eine Zahl größer als %2 und höchstens %3 sein.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be true or false.</source>
        <translation>Das Feld „%1“ muss true oder false sein.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; has an invalid value.</source>
        <translation>Das Feld „%1“ enthält einen ungültigen Wert.</translation>
    </message>
    <message>
        <source>The compressed image was decoded but cannot be prepared for display.</source>
        <translation>Das komprimierte Bild wurde dekodiert, kann aber nicht für die Anzeige aufbereitet werden.</translation>
    </message>
    <message>
        <source>The image cannot be written: %1 pixel values were given for %2 pixels.</source>
        <translation>Das Bild kann nicht geschrieben werden: %1 Pixelwerte für %2 Pixel angegeben.</translation>
    </message>
    <message>
        <source>The study index %1 is damaged; it is rebuilt the next time Pulmo starts.</source>
        <translation>Der Studienindex %1 ist beschädigt; er wird beim nächsten Start von Pulmo neu aufgebaut.</translation>
    </message>
    <message>
        <source>An image arrived without its content (no data set).</source>
        <translation>Ein Bild kam ohne Inhalt an (kein Datensatz).</translation>
    </message>
    <message>
        <source>A received image lacks its SOP Class UID or SOP Instance UID and is not saved.</source>
        <translation>Einem empfangenen Bild fehlt die SOP Class UID oder die SOP Instance UID; es wird nicht gespeichert.</translation>
    </message>
    <message>
        <source>The DICOM receiver (Storage SCP) is already running.</source>
        <translation>Der DICOM-Empfänger (Storage SCP) läuft bereits.</translation>
    </message>
    <message>
        <source>%1 failed (network or protocol error).</source>
        <translation>%1 ist fehlgeschlagen (Netzwerk- oder Protokollfehler).</translation>
    </message>
    <message>
        <source>The DICOM connection failed (network or protocol error).</source>
        <translation>Die DICOM-Verbindung ist fehlgeschlagen (Netzwerk- oder Protokollfehler).</translation>
    </message>
    <message>
        <source>TLS cannot be set up (security profile or cipher suites not available).</source>
        <translation>TLS kann nicht eingerichtet werden (Sicherheitsprofil oder Cipher-Suites nicht verfügbar).</translation>
    </message>
    <message>
        <source>The model card %1 is JSON, but not a JSON object (fields in braces).</source>
        <translation>Die Modellkarte %1 ist JSON, aber kein JSON-Objekt (Felder in geschweiften Klammern).</translation>
    </message>
    <message>
        <source>The model card %1 is refused: %2</source>
        <translation>Die Modellkarte %1 wird abgelehnt: %2</translation>
    </message>
    <message>
        <source>The AI process %1 stopped or could not be started; viewing is not affected. OK in the Preferences starts it again.</source>
        <translation>Der KI-Prozess %1 wurde beendet oder konnte nicht gestartet werden; die Bildansicht ist davon nicht betroffen. OK in den Einstellungen startet ihn neu.</translation>
    </message>
    <message>
        <source>Not a DICOM file.</source>
        <translation>Keine DICOM-Datei.</translation>
    </message>
    <message>
        <source>The file ends before its data does (truncated, as by an interrupted copy).</source>
        <translation>Die Datei endet vor ihren Daten (abgeschnitten, etwa durch eine unterbrochene Kopie).</translation>
    </message>
    <message>
        <source>A DICOM file, but damaged: its contents cannot be read.</source>
        <translation>Eine DICOM-Datei, aber beschädigt: Ihr Inhalt kann nicht gelesen werden.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln image(s) did not arrive.</source>
        <translation>
            <numerusform>Nicht angekommen: %1 von %Ln Bild.</numerusform>
            <numerusform>Nicht angekommen: %1 von %Ln Bildern.</numerusform>
        </translation>
    </message>
    <message>
        <source>The peer answered, but not in DICOM — is this a web port? Enter the PACS&apos;s DICOM port (often 104, 4242 or 11112).</source>
        <translation>Die Gegenstelle hat geantwortet, aber nicht in DICOM — ist das ein Web-Port? Geben Sie den DICOM-Port des PACS an (oft 104, 4242 oder 11112).</translation>
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
        <translation>Nicht beurteilbar</translation>
    </message>
    <message>
        <source>Indeterminate</source>
        <translation>Unentschieden</translation>
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
        <translation>Modelleingabe: Histogrammabstand zur Referenz</translation>
    </message>
    <message>
        <source>Jensen-Shannon distance</source>
        <translation>Jensen-Shannon-Abstand</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 Tage</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>Model input: statistics against the reference (30 days)</source>
        <translation>Modelleingabe: Kennwerte gegen die Referenz (30 Tage)</translation>
    </message>
    <message>
        <source>Kolmogorov-Smirnov D</source>
        <translation>Kolmogorov-Smirnov-D</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <source>1st percentile</source>
        <translation>1. Perzentil</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>99th percentile</source>
        <translation>99. Perzentil</translation>
    </message>
    <message>
        <source>Metadata: largest change of a category&apos;s share (30 days)</source>
        <translation>Metadaten: größte Anteilsänderung einer Kategorie (30 Tage)</translation>
    </message>
    <message>
        <source>change of share</source>
        <translation>Anteilsänderung</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Modellname</translation>
    </message>
    <message>
        <source>View Position</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>Pixel Spacing</source>
        <translation>Pixelabstand</translation>
    </message>
    <message>
        <source>Bits Stored</source>
        <translation>Bittiefe</translation>
    </message>
    <message>
        <source>Photometric Interpretation</source>
        <translation>Photometrische Interpretation</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Institution</source>
        <translation>Einrichtung</translation>
    </message>
    <message>
        <source>Predictions: PNEUMONIA and INDETERMINATE rates</source>
        <translation>Vorhersagen: Anteile PNEUMONIE und UNBESTIMMT</translation>
    </message>
    <message>
        <source>share of images</source>
        <translation>Anteil der Bilder</translation>
    </message>
    <message>
        <source>PNEUMONIA, 30 days</source>
        <translation>PNEUMONIE, 30 Tage</translation>
    </message>
    <message>
        <source>PNEUMONIA, 7 days</source>
        <translation>PNEUMONIE, 7 Tage</translation>
    </message>
    <message>
        <source>INDETERMINATE, 30 days</source>
        <translation>UNBESTIMMT, 30 Tage</translation>
    </message>
    <message>
        <source>INDETERMINATE, 7 days</source>
        <translation>UNBESTIMMT, 7 Tage</translation>
    </message>
    <message>
        <source>Readers: disagreement with the AI (30 days)</source>
        <translation>Befunder: Ablehnung der KI (30 Tage)</translation>
    </message>
    <message>
        <source>share of verdicts</source>
        <translation>Anteil der Urteile</translation>
    </message>
    <message>
        <source>all answers</source>
        <translation>alle Antworten</translation>
    </message>
    <message>
        <source>on PNEUMONIA answers</source>
        <translation>bei Antwort PNEUMONIE</translation>
    </message>
    <message>
        <source>on NORMAL answers</source>
        <translation>bei Antwort NORMAL</translation>
    </message>
    <message>
        <source>day (UTC)</source>
        <translation>Tag (UTC)</translation>
    </message>
    <message>
        <source>(reference)</source>
        <translation>(Referenz)</translation>
    </message>
    <message>
        <source>alarm threshold</source>
        <translation>Alarmschwelle</translation>
    </message>
    <message>
        <source>warning threshold</source>
        <translation>Warnschwelle</translation>
    </message>
    <message>
        <source>first day of an alarm</source>
        <translation>erster Tag eines Alarms</translation>
    </message>
    <message>
        <source>Golden set: lower 95% bounds per run</source>
        <translation>Goldstandard-Set: untere 95-%-Grenzen je Lauf</translation>
    </message>
    <message>
        <source>run (UTC)</source>
        <translation>Lauf (UTC)</translation>
    </message>
    <message>
        <source>sensitivity, lower bound</source>
        <translation>Sensitivität, untere Grenze</translation>
    </message>
    <message>
        <source>specificity, lower bound</source>
        <translation>Spezifität, untere Grenze</translation>
    </message>
    <message>
        <source>sensitivity floor</source>
        <translation>Mindestsensitivität</translation>
    </message>
    <message>
        <source>specificity floor</source>
        <translation>Mindestspezifität</translation>
    </message>
    <message>
        <source>Reliability diagram</source>
        <translation>Kalibrierungsdiagramm</translation>
    </message>
    <message>
        <source>mean predicted probability of PNEUMONIA</source>
        <translation>mittlere vorhergesagte Wahrscheinlichkeit für PNEUMONIE</translation>
    </message>
    <message>
        <source>share of PNEUMONIA cases</source>
        <translation>Anteil der PNEUMONIE-Fälle</translation>
    </message>
    <message>
        <source>perfect calibration</source>
        <translation>perfekte Kalibrierung</translation>
    </message>
    <message>
        <source>the model (bins with cases)</source>
        <translation>das Modell (Klassen mit Fällen)</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Body Part</source>
        <translation>Körperregion</translation>
    </message>
</context>
<context>
    <name>PacsSettings</name>
    <message>
        <source>an AE title is needed</source>
        <translation>ein AE-Titel ist erforderlich</translation>
    </message>
    <message>
        <source>the AE title &quot;%1&quot; is longer than 16 characters</source>
        <translation>der AE-Titel „%1“ ist länger als 16 Zeichen</translation>
    </message>
    <message>
        <source>the AE title &quot;%1&quot; may hold only printable ASCII characters other than \</source>
        <translation>der AE-Titel „%1“ darf nur druckbare ASCII-Zeichen außer \ enthalten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: a host name or address is needed</source>
        <translation>%1: ein Hostname oder eine Adresse ist erforderlich</translation>
    </message>
    <message>
        <source>%1: the port must be between 1 and 65535</source>
        <translation>%1: der Port muss zwischen 1 und 65535 liegen</translation>
    </message>
    <message>
        <source>%1: TLS needs the CA (or the peer&apos;s own) certificate to check the peer against</source>
        <translation>%1: TLS braucht das CA-Zertifikat (oder das eigene Zertifikat der Gegenstelle), um die Gegenstelle zu prüfen</translation>
    </message>
    <message>
        <source>the listen address &quot;%1&quot; is not an IPv4 or IPv6 address</source>
        <translation>die Empfangsadresse „%1“ ist keine IPv4- oder IPv6-Adresse</translation>
    </message>
</context>
<context>
    <name>ViewAnnotations</name>
    <message>
        <source>%1 y</source>
        <translation>%1 J.</translation>
    </message>
    <message>
        <source>%1 mo</source>
        <translation>%1 Mon.</translation>
    </message>
    <message>
        <source>%1 wk</source>
        <translation>%1 Wo.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T.</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>From file</source>
        <translation>Aus der Datei</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Lungenfenster</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>Weichteilfenster</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>Knochenfenster</translation>
    </message>
    <message>
        <source>Full range</source>
        <translation>Gesamter Bereich</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chest X-ray workstation (not for clinical use)</source>
        <translation>Befundungsplatz für Thorax-Röntgenaufnahmen (nicht für den klinischen Einsatz)</translation>
    </message>
    <message>
        <source>Files, folders or DICOMDIRs to open</source>
        <translation>Zu öffnende Dateien, Ordner oder DICOMDIRs</translation>
    </message>
    <message>
        <source>Save a picture of the window and exit.</source>
        <translation>Ein Bild des Fensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Study index database to use.</source>
        <translation>Zu verwendende Datenbank des Untersuchungsindex.</translation>
    </message>
    <message>
        <source>Window size for --screenshot.</source>
        <translation>Fenstergröße für --screenshot.</translation>
    </message>
    <message>
        <source>Print the time from start to the first image painted, then exit (for measurements).</source>
        <translation>Die Zeit vom Start bis zum ersten gezeichneten Bild ausgeben, dann beenden (für Messungen).</translation>
    </message>
    <message>
        <source>AI model for this session (the saved choice stays).</source>
        <translation>KI-Modell für diese Sitzung (die gespeicherte Wahl bleibt).</translation>
    </message>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1: das Bildschirmfoto kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>the image did not arrive within 2 minutes</source>
        <translation>das Bild ist nicht innerhalb von 2 Minuten eingetroffen</translation>
    </message>
    <message>
        <source>Print the times from start to the model loaded, the first image painted and its AI result, then exit (for measurements).</source>
        <translation>Die Zeiten vom Start bis zum geladenen Modell, zum ersten gezeichneten Bild und zu dessen KI-Ergebnis ausgeben, dann beenden (für Messungen).</translation>
    </message>
    <message>
        <source>Load the AI and the saved model, keep them loaded for the next window, and exit (at login).</source>
        <translation>Die KI und das gespeicherte Modell laden, für das nächste Fenster geladen halten und beenden (bei der Anmeldung).</translation>
    </message>
    <message>
        <source>the AI is not kept loaded (Preferences &gt; Keep the AI loaded)</source>
        <translation>die KI wird nicht geladen gehalten (Einstellungen &gt; KI geladen halten)</translation>
    </message>
    <message>
        <source>the AI cannot be kept loaded: no private runtime folder (XDG_RUNTIME_DIR)</source>
        <translation>die KI kann nicht geladen gehalten werden: kein privater Laufzeitordner (XDG_RUNTIME_DIR)</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AboutDialog</name>
    <message>
        <source>About Pulmo</source>
        <translation>Über Pulmo</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>(keine angegeben)</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Positive class</source>
        <translation>Positive Klasse</translation>
    </message>
    <message>
        <source>%1 (the card&apos;s %2 is replaced by yours)</source>
        <translation>%1 (Ihr Wert ersetzt %2 aus der Modellkarte)</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>Clinical use</source>
        <translation>Klinischer Einsatz</translation>
    </message>
    <message>
        <source>cleared for clinical use</source>
        <translation>für den klinischen Einsatz freigegeben</translation>
    </message>
    <message>
        <source>research only, not for clinical use</source>
        <translation>nur für die Forschung, nicht für den klinischen Einsatz</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Zweckbestimmung</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Modellkarte</translation>
    </message>
    <message>
        <source>none beside the model: defaults are used</source>
        <translation>keine neben dem Modell: Standardwerte werden verwendet</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>Läuft auf</translation>
    </message>
    <message>
        <source>(none chosen)</source>
        <translation>(keines gewählt)</translation>
    </message>
    <message>
        <source>Card and SHA-256</source>
        <translation>Karte und SHA-256</translation>
    </message>
    <message>
        <source>not loaded yet (the model loads once the first image is on screen)</source>
        <translation>noch nicht geladen (das Modell lädt, sobald das erste Bild angezeigt wird)</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Bibliotheken</translation>
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
        <translation>%1 (Geräte: %2)</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>not loaded yet (the inference plugin loads with the model)</source>
        <translation>noch nicht geladen (das Inferenz-Plugin lädt mit dem Modell)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Pulmo&lt;/b&gt; %1&lt;br&gt;Chest X-ray workstation with an AI second reader.&lt;br&gt;&lt;b&gt;Research software: not for clinical use.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Pulmo&lt;/b&gt; %1&lt;br&gt;Thorax-Röntgen-Arbeitsplatz mit KI als Zweitbefunder.&lt;br&gt;&lt;b&gt;Forschungssoftware: nicht für den klinischen Einsatz.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Pulmo %1</source>
        <translation>Pulmo %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>label: value</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy these details, e.g. for a support request</source>
        <translation>Diese Angaben kopieren, z. B. für eine Supportanfrage</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AiController</name>
    <message>
        <source>loading the model...</source>
        <translation>das Modell wird geladen …</translation>
    </message>
</context>
<context>
    <name>pulmo::app::AiPanel</name>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>Your verdict</source>
        <translation>Ihre Bewertung</translation>
    </message>
    <message>
        <source>Agree (A)</source>
        <translation>Zustimmen (A)</translation>
    </message>
    <message>
        <source>The AI is right: save and go to the next image</source>
        <translation>Die KI hat recht: speichern und zum nächsten Bild</translation>
    </message>
    <message>
        <source>Disagree (D)</source>
        <translation>Ablehnen (D)</translation>
    </message>
    <message>
        <source>The AI is wrong: choose the right label, then Enter</source>
        <translation>Die KI irrt: den richtigen Befund wählen, dann Eingabe</translation>
    </message>
    <message>
        <source>The right label, when disagreeing</source>
        <translation>Der richtige Befund, wenn Sie ablehnen</translation>
    </message>
    <message>
        <source>optional comment</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Save disagreement (Enter)</source>
        <translation>Ablehnung speichern (Eingabe)</translation>
    </message>
    <message>
        <source>Correct label</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Heatmap (Grad-CAM)</source>
        <translation>Heatmap (Grad-CAM)</translation>
    </message>
    <message>
        <source>Show (H)</source>
        <translation>Anzeigen (H)</translation>
    </message>
    <message>
        <source>Show or hide the heatmap over the image</source>
        <translation>Die Heatmap über dem Bild ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Deckkraft der Heatmap</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>Farbskala</translation>
    </message>
    <message>
        <source>Hide activation weaker than this</source>
        <translation>Schwächere Aktivierung ausblenden</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Farben</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>What the model saw</source>
        <translation>Was das Modell sah</translation>
    </message>
    <message>
        <source>The 224 x 224 input as the model received it: a wrong window or inversion shows here</source>
        <translation>Die Eingabe von 224 × 224 Pixeln, wie das Modell sie erhielt: eine falsche Fensterung oder Invertierung fällt hier auf</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Analysing...</source>
        <translation>Analyse läuft …</translation>
    </message>
    <message>
        <source>AI unavailable</source>
        <translation>KI nicht verfügbar</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · %4 · %5 ms</source>
        <translation>%1 %2 · %3 · %4 · %5 ms</translation>
    </message>
    <message>
        <source> · no model card: default settings</source>
        <translation> · keine Modellkarte: Standardeinstellungen</translation>
    </message>
    <message>
        <source> · the bundled demo model</source>
        <translation> · das mitgelieferte Demo-Modell</translation>
    </message>
    <message>
        <source>Research model, not for clinical use: %1</source>
        <translation>Forschungsmodell, nicht für den klinischen Einsatz: %1</translation>
    </message>
    <message>
        <source>not a medical device</source>
        <translation>kein Medizinprodukt</translation>
    </message>
    <message>
        <source>Reveal AI result (Space)</source>
        <translation>KI-Ergebnis zeigen (Leertaste)</translation>
    </message>
    <message>
        <source>Show the AI&apos;s label, probabilities and heatmap, after your own first look</source>
        <translation>Befund, Wahrscheinlichkeiten und Heatmap der KI zeigen, nach Ihrem eigenen ersten Blick</translation>
    </message>
    <message>
        <source>Your verdicts and the audit log are signed with this name (Preferences)</source>
        <translation>Ihre Urteile und das Audit-Protokoll werden mit diesem Namen gezeichnet (Einstellungen)</translation>
    </message>
    <message>
        <source>Change (C)</source>
        <translation>Ändern (C)</translation>
    </message>
    <message>
        <source>Give this image a new verdict; the earlier one stays in the history</source>
        <translation>Diesem Bild ein neues Urteil geben; das frühere bleibt im Verlauf</translation>
    </message>
    <message>
        <source>Reading as: %1</source>
        <translation>Befundet als: %1</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>Noch nicht beurteilt</translation>
    </message>
    <message>
        <source>AI result hidden</source>
        <translation>KI-Ergebnis verborgen</translation>
    </message>
    <message>
        <source>Look at the image first; press Space to see the AI&apos;s answer.</source>
        <translation>Sehen Sie sich zuerst das Bild an; die Leertaste zeigt die Antwort der KI.</translation>
    </message>
    <message>
        <source>Top probability %1 is below the threshold of %2: no decision.</source>
        <translation>Höchste Wahrscheinlichkeit %1 liegt unter der Schwelle von %2: keine Entscheidung.</translation>
    </message>
    <message>
        <source>Threshold %1.</source>
        <translation>Schwelle %1.</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <comment>label, probability</comment>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>This is Pulmo&apos;s heatmap capture of an AI result, not a radiograph: it is not analysed.</source>
        <translation>Dies ist Pulmos Heatmap-Aufnahme eines KI-Ergebnisses, keine Röntgenaufnahme: sie wird nicht analysiert.</translation>
    </message>
    <message>
        <source>Not analysed</source>
        <translation>Nicht analysiert</translation>
    </message>
    <message>
        <source>From the PACS: the AI report of %1; the model was not run again here.</source>
        <translation>Aus dem PACS: der KI-Bericht vom %1; das Modell wurde hier nicht erneut ausgeführt.</translation>
    </message>
    <message>
        <source>Signed off by %1.</source>
        <translation>Freigegeben von %1.</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · from the PACS</source>
        <translation>%1 %2 · %3 · aus dem PACS</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>pulmo::app::DeidentifyDialog</name>
    <message>
        <source>Export De-identified Study</source>
        <translation>Anonymisierte Studie exportieren</translation>
    </message>
    <message>
        <source>%1 will be written as DICOM files without the patient&apos;s identity (DICOM PS3.15 Basic Application Level Confidentiality Profile): names, IDs, addresses, physicians, accession numbers and free text removed, UIDs and the patient replaced by keyed pseudonyms, private data removed. Choose what else to keep.</source>
        <translation>%1 wird als DICOM-Dateien ohne die Identität des Patienten geschrieben (DICOM PS3.15, Basic Application Level Confidentiality Profile): Namen, IDs, Adressen, Ärzte, Auftragsnummern und Freitext entfernt, UIDs und der Patient durch verschlüsselte Pseudonyme ersetzt, private Daten entfernt. Wählen Sie, was darüber hinaus erhalten bleibt.</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Into &amp;folder:</source>
        <translation>In &amp;Ordner:</translation>
    </message>
    <message>
        <source>e.g. the lung study group (recorded in the audit trail)</source>
        <translation>z. B. die Lungenstudiengruppe (wird im Audit-Protokoll vermerkt)</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Für:</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Datumsangaben</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Shift each patient&apos;s dates by a secret offset (intervals kept)</source>
        <translation>Je Patient um einen geheimen Versatz &amp;verschieben (Abstände bleiben)</translation>
    </message>
    <message>
        <source>&amp;Keep as they are</source>
        <translation>&amp;Unverändert lassen</translation>
    </message>
    <message>
        <source>Also keep</source>
        <translation>Außerdem erhalten</translation>
    </message>
    <message>
        <source>Patient characteristics (sex, age, size, weight)</source>
        <translation>Patientenmerkmale (Geschlecht, Alter, Größe, Gewicht)</translation>
    </message>
    <message>
        <source>Device identity (station, serial numbers)</source>
        <translation>Geräteidentität (Station, Seriennummern)</translation>
    </message>
    <message>
        <source>Institution identity (name, address, department)</source>
        <translation>Einrichtung (Name, Adresse, Abteilung)</translation>
    </message>
    <message>
        <source>Descriptions and comments, with the patient&apos;s identifiers scrubbed out</source>
        <translation>Beschreibungen und Kommentare, mit getilgten Patientenkennungen</translation>
    </message>
    <message>
        <source>Structured report content, with names replaced and identifiers scrubbed out</source>
        <translation>Inhalt strukturierter Befunde, mit ersetzten Namen und getilgten Kennungen</translation>
    </message>
    <message>
        <source>Graphic annotations, with their text scrubbed (overlays are always removed)</source>
        <translation>Grafische Annotationen, mit getilgtem Text (Overlays werden immer entfernt)</translation>
    </message>
    <message>
        <source>Private attributes known to be safe</source>
        <translation>Als unbedenklich bekannte private Attribute</translation>
    </message>
    <message>
        <source>The original UIDs (they can link the copy back to the hospital&apos;s records)</source>
        <translation>Die ursprünglichen UIDs (sie können die Kopie mit den Akten des Krankenhauses verknüpfen)</translation>
    </message>
    <message>
        <source>Export images whose pixels may show identity (burned-in text) as well</source>
        <translation>Auch Bilder exportieren, deren Pixel die Identität zeigen können (eingebrannter Text)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Export into a folder</source>
        <translation>In einen Ordner exportieren</translation>
    </message>
    <message>
        <source>Choose the folder to export into.</source>
        <translation>Wählen Sie den Zielordner.</translation>
    </message>
    <message>
        <source>its Burned In Annotation says YES: the pixels may show identity</source>
        <translation>Burned In Annotation ist YES: die Pixel können die Identität zeigen</translation>
    </message>
    <message>
        <source>a secondary capture that does not say whether its pixels show identity</source>
        <translation>ein Secondary Capture, das nicht angibt, ob seine Pixel die Identität zeigen</translation>
    </message>
    <message>
        <source>a scanned film or document that does not say whether its pixels show identity</source>
        <translation>ein gescannter Film oder ein gescanntes Dokument, das nicht angibt, ob seine Pixel die Identität zeigen</translation>
    </message>
    <message>
        <source>Not exported: %1: %2</source>
        <translation>Nicht exportiert: %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>De-identified %Ln file(s) into %1.</source>
        <translation>
            <numerusform>%Ln Datei anonymisiert nach %1.</numerusform>
            <numerusform>%Ln Dateien anonymisiert nach %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln image(s) left out: their pixels may show identity.</source>
        <translation>
            <numerusform>%Ln Bild ausgelassen: seine Pixel können die Identität zeigen.</numerusform>
            <numerusform>%Ln Bilder ausgelassen: ihre Pixel können die Identität zeigen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) could not be read.</source>
        <translation>
            <numerusform>%Ln Datei konnte nicht gelesen werden.</numerusform>
            <numerusform>%Ln Dateien konnten nicht gelesen werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::FeedbackSession</name>
    <message>
        <source>Not saved: the feedback database is unavailable (%1)</source>
        <translation>Nicht gespeichert: die Feedback-Datenbank ist nicht verfügbar (%1)</translation>
    </message>
    <message>
        <source>Not saved: there is no AI result to judge</source>
        <translation>Nicht gespeichert: es gibt kein KI-Ergebnis zu bewerten</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln image(s) into %1; %2 left out.</source>
        <translation>
            <numerusform>%Ln Bild nach %1 exportiert; %2 ausgelassen.</numerusform>
            <numerusform>%Ln Bilder nach %1 exportiert; %2 ausgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Feedback unavailable: %1</source>
        <translation>Feedback nicht verfügbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 reviewed, %Ln disagreement(s)</source>
        <translation>
            <numerusform>%1 von %2 befundet, %Ln Ablehnung</numerusform>
            <numerusform>%1 von %2 befundet, %Ln Ablehnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>The %1 split has no %2 image; torchvision&apos;s ImageFolder before 0.17 refuses it.</source>
        <translation>Der Teil %1 enthält kein %2-Bild; ImageFolder von torchvision vor Version 0.17 lehnt ihn ab.</translation>
    </message>
    <message>
        <source>Saved: agree with %1 · %2</source>
        <comment>the AI&apos;s label, the patient</comment>
        <translation>Gespeichert: Zustimmung zu %1 · %2</translation>
    </message>
    <message>
        <source>Saved: disagree, %1 · %2</source>
        <comment>the reader&apos;s label, the patient</comment>
        <translation>Gespeichert: Ablehnung, %1 · %2</translation>
    </message>
    <message>
        <source>Not withdrawn: the feedback database is unavailable (%1)</source>
        <translation>Nicht zurückgezogen: die Feedback-Datenbank ist nicht verfügbar (%1)</translation>
    </message>
    <message>
        <source>Not withdrawn: %1</source>
        <translation>Nicht zurückgezogen: %1</translation>
    </message>
    <message>
        <source>Verdict withdrawn · %1</source>
        <comment>the patient</comment>
        <translation>Urteil zurückgezogen · %1</translation>
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
        <translation>Audit-Protokoll nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>Das Modell wird geladen …</translation>
    </message>
    <message>
        <source>Analysing in the background; viewing goes on.</source>
        <translation>Analyse im Hintergrund; Sie können weiter befunden.</translation>
    </message>
    <message>
        <source>INDETERMINATE</source>
        <translation>UNBESTIMMT</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Das Modell wird noch geladen.</translation>
    </message>
    <message>
        <source>Cannot open DICOMDIR</source>
        <translation>DICOMDIR kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Press Shift+A to analyse this image.</source>
        <translation>Umschalt+A drücken, um dieses Bild zu analysieren.</translation>
    </message>
    <message>
        <source>%1 - %2 %3 - Pulmo (not for clinical use)</source>
        <translation>%1 – %2 %3 – Pulmo (nicht für den klinischen Einsatz)</translation>
    </message>
    <message>
        <source>Open DICOM Files</source>
        <translation>DICOM-Dateien öffnen</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open DICOMDIR</source>
        <translation>DICOMDIR öffnen</translation>
    </message>
    <message>
        <source>DICOMDIR (DICOMDIR dicomdir)</source>
        <translation>DICOMDIR (DICOMDIR dicomdir)</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>Untersuchungen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>tool tip (shortcut)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Files...</source>
        <translation>&amp;Dateien öffnen …</translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation>DICOM-Dateien öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open every DICOM file under a folder</source>
        <translation>Alle DICOM-Dateien unterhalb eines Ordners öffnen</translation>
    </message>
    <message>
        <source>Open &amp;DICOMDIR...</source>
        <translation>D&amp;ICOMDIR öffnen …</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Open the studies a DICOMDIR lists</source>
        <translation>Die in einem DICOMDIR aufgeführten Untersuchungen öffnen</translation>
    </message>
    <message>
        <source>&amp;Query PACS...</source>
        <translation>&amp;PACS abfragen …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Find studies on a PACS and retrieve them (C-FIND, C-MOVE, C-GET)</source>
        <translation>Untersuchungen im PACS suchen und abrufen (C-FIND, C-MOVE, C-GET)</translation>
    </message>
    <message>
        <source>&amp;Export for Retraining...</source>
        <translation>Für Nachtraining &amp;exportieren …</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write the reviewed images as a de-identified ImageFolder tree, split by patient</source>
        <translation>Die befundeten Bilder pseudonymisiert als ImageFolder-Baum schreiben, nach Patienten aufgeteilt</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>Ein&amp;stellungen …</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Cache size and other settings</source>
        <translation>Cache-Größe und weitere Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit Pulmo</source>
        <translation>Pulmo beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>Das Bild an das Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Originalgröße (1:1)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>Ein Bildpixel pro Bildschirmpixel</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Rotate &amp;Right</source>
        <translation>Nach &amp;rechts drehen</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Rotate 90 degrees clockwise</source>
        <translation>Um 90 Grad im Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>Rotate &amp;Left</source>
        <translation>Nach &amp;links drehen</translation>
    </message>
    <message>
        <source>Shift+R</source>
        <translation>Shift+R</translation>
    </message>
    <message>
        <source>Rotate 90 degrees counter-clockwise</source>
        <translation>Um 90 Grad gegen den Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>Flip &amp;Horizontally</source>
        <translation>&amp;Horizontal spiegeln</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Mirror left and right</source>
        <translation>Links und rechts spiegeln</translation>
    </message>
    <message>
        <source>Flip &amp;Vertically</source>
        <translation>V&amp;ertikal spiegeln</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>Mirror top and bottom</source>
        <translation>Oben und unten spiegeln</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>&amp;Invertieren</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Invert the grey scale</source>
        <translation>Die Graustufen invertieren</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Reset zoom, rotation, flips, invert and window</source>
        <translation>Zoom, Drehung, Spiegelung, Invertierung und Fensterung zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Annotations</source>
        <translation>&amp;Beschriftung</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Show or hide the corner annotations</source>
        <translation>Die Bildbeschriftung in den Ecken ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;Measure Distance</source>
        <translation>&amp;Abstand messen</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Drag to measure a distance in millimetres (left button)</source>
        <translation>Ziehen, um einen Abstand in Millimetern zu messen (linke Maustaste)</translation>
    </message>
    <message>
        <source>&amp;Clear Measurements</source>
        <translation>&amp;Messungen löschen</translation>
    </message>
    <message>
        <source>Remove every distance measurement</source>
        <translation>Alle Abstandsmessungen entfernen</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <translation>&amp;KI</translation>
    </message>
    <message>
        <source>&amp;Heatmap</source>
        <translation>&amp;Heatmap</translation>
    </message>
    <message>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <source>Show or hide the AI&apos;s heatmap</source>
        <translation>Die Heatmap der KI ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;Analyse Image</source>
        <translation>Bild &amp;analysieren</translation>
    </message>
    <message>
        <source>Shift+A</source>
        <translation>Shift+A</translation>
    </message>
    <message>
        <source>Ask the AI about the image on screen</source>
        <translation>Die KI zum angezeigten Bild befragen</translation>
    </message>
    <message>
        <source>A&amp;utomatic Analysis</source>
        <translation>A&amp;utomatische Analyse</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Analyse every image when it is shown</source>
        <translation>Jedes Bild analysieren, sobald es angezeigt wird</translation>
    </message>
    <message>
        <source>A&amp;gree</source>
        <translation>&amp;Zustimmen</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>The AI is right: save the verdict and go on</source>
        <translation>Die KI hat recht: Bewertung speichern und weiter</translation>
    </message>
    <message>
        <source>&amp;Disagree...</source>
        <translation>A&amp;blehnen …</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>The AI is wrong: choose the right label, then Enter</source>
        <translation>Die KI irrt: den richtigen Befund wählen, dann Eingabe</translation>
    </message>
    <message>
        <source>Cancel Disagreement</source>
        <translation>Ablehnung abbrechen</translation>
    </message>
    <message>
        <source>Analyse A&amp;ll Studies</source>
        <translation>A&amp;lle Untersuchungen analysieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Analyse every study of the list in the background; sort the AI column to triage</source>
        <translation>Alle Untersuchungen der Liste im Hintergrund analysieren; zur Triage nach der KI-Spalte sortieren</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Fensterung</translation>
    </message>
    <message>
        <source>Window presets</source>
        <translation>Fenstervorgaben</translation>
    </message>
    <message>
        <source>From File</source>
        <translation>Aus der Datei</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Lungenfenster</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>Weichteilfenster</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>Knochenfenster</translation>
    </message>
    <message>
        <source>Full Range</source>
        <translation>Gesamter Bereich</translation>
    </message>
    <message>
        <source>Window preset: %1</source>
        <translation>Fensterung: %1</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Next Study</source>
        <translation>&amp;Nächste Untersuchung</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Next study of the worklist</source>
        <translation>Nächste Untersuchung der Arbeitsliste</translation>
    </message>
    <message>
        <source>&amp;Previous Study</source>
        <translation>&amp;Vorherige Untersuchung</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Previous study of the worklist</source>
        <translation>Vorherige Untersuchung der Arbeitsliste</translation>
    </message>
    <message>
        <source>Next &amp;Image</source>
        <translation>Nächstes &amp;Bild</translation>
    </message>
    <message>
        <source>Next image of the series</source>
        <translation>Nächstes Bild der Serie</translation>
    </message>
    <message>
        <source>Previous I&amp;mage</source>
        <translation>Vorheriges B&amp;ild</translation>
    </message>
    <message>
        <source>Previous image of the series</source>
        <translation>Vorheriges Bild der Serie</translation>
    </message>
    <message>
        <source>Next &amp;Frame</source>
        <translation>Nächstes &amp;Einzelbild</translation>
    </message>
    <message>
        <source>Next frame of a multi-frame image</source>
        <translation>Nächstes Einzelbild eines Mehrbild-Objekts</translation>
    </message>
    <message>
        <source>Previous F&amp;rame</source>
        <translation>Vorheriges Ein&amp;zelbild</translation>
    </message>
    <message>
        <source>Previous frame of a multi-frame image</source>
        <translation>Vorheriges Einzelbild eines Mehrbild-Objekts</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Pulmo</source>
        <translation>Ü&amp;ber Pulmo</translation>
    </message>
    <message>
        <source>AI second reader</source>
        <translation>KI-Zweitbefundung</translation>
    </message>
    <message>
        <source>Every other image of the list has a verdict.</source>
        <translation>Alle anderen Bilder der Liste sind bewertet.</translation>
    </message>
    <message>
        <source>Next &amp;Unreviewed</source>
        <translation>Nächstes &amp;unbewertetes Bild</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>Next image without your verdict, in the order of the list</source>
        <translation>Nächstes Bild ohne Ihre Bewertung, in der Reihenfolge der Liste</translation>
    </message>
    <message>
        <source>This file could not be read: there is no image to analyse.</source>
        <translation>Diese Datei konnte nicht gelesen werden: Es gibt kein Bild zu analysieren.</translation>
    </message>
    <message>
        <source>=</source>
        <translation>=</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Bereiche</translation>
    </message>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>&amp;Layout zurücksetzen</translation>
    </message>
    <message>
        <source>Put the panels and toolbars back where they were at first</source>
        <translation>Bereiche und Werkzeugleisten an ihren ursprünglichen Platz zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every action with its keys</source>
        <translation>Alle Aktionen mit ihren Tasten</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Pulmo&apos;s version, the model in use and the libraries</source>
        <translation>Version von Pulmo, das verwendete Modell und die Bibliotheken</translation>
    </message>
    <message>
        <source>Nothing to analyse yet: no image is open.</source>
        <translation>Noch nichts zu analysieren: Es ist kein Bild geöffnet.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo Verdict</source>
        <translation>Urteil &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Withdraw the last verdict of this session (it stays in the history)</source>
        <translation>Das letzte Urteil dieser Sitzung zurückziehen (es bleibt im Verlauf)</translation>
    </message>
    <message>
        <source>&amp;Change Verdict</source>
        <translation>Urteil ä&amp;ndern</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Give an image that has a verdict a new one</source>
        <translation>Einem bereits beurteilten Bild ein neues Urteil geben</translation>
    </message>
    <message>
        <source>Back out of a disagreement or a change</source>
        <translation>Eine Ablehnung oder Änderung abbrechen</translation>
    </message>
    <message>
        <source>&amp;Reveal AI Result</source>
        <translation>KI-Ergebnis &amp;zeigen</translation>
    </message>
    <message>
        <source>Show the AI&apos;s label, probabilities and heatmap after your own first look (Preferences: Show the AI after my first look)</source>
        <translation>Befund, Wahrscheinlichkeiten und Heatmap der KI nach Ihrem eigenen ersten Blick zeigen (Einstellungen: KI erst nach meinem ersten Blick zeigen)</translation>
    </message>
    <message>
        <source>Heatmap as &amp;Outline</source>
        <translation>Heatmap als &amp;Umriss</translation>
    </message>
    <message>
        <source>Shift+H</source>
        <translation>Shift+H</translation>
    </message>
    <message>
        <source>Draw the heatmap as contour lines, so that what it points at stays visible</source>
        <translation>Die Heatmap als Konturlinien zeichnen, damit sichtbar bleibt, worauf sie zeigt</translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation>La&amp;yout</translation>
    </message>
    <message>
        <source>&amp;Single View (1 x 1)</source>
        <translation>&amp;Einzelansicht (1 x 1)</translation>
    </message>
    <message>
        <source>One view: the image being read</source>
        <translation>Eine Ansicht: das Bild, das befundet wird</translation>
    </message>
    <message>
        <source>Side by Side (1 x &amp;2)</source>
        <translation>Nebeneinander (1 x &amp;2)</translation>
    </message>
    <message>
        <source>The image beside the patient&apos;s most recent earlier study</source>
        <translation>Das Bild neben der letzten Voruntersuchung des Patienten</translation>
    </message>
    <message>
        <source>&amp;Four Views (2 x 2)</source>
        <translation>&amp;Vier Ansichten (2 x 2)</translation>
    </message>
    <message>
        <source>The image and the patient&apos;s three most recent earlier studies</source>
        <translation>Das Bild und die drei letzten Voruntersuchungen des Patienten</translation>
    </message>
    <message>
        <source>Lin&amp;k Views</source>
        <translation>Ansichten &amp;koppeln</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Window/level, zoom and pan change in every view at once</source>
        <translation>Fenster, Zoom und Verschiebung ändern sich in allen Ansichten zugleich</translation>
    </message>
    <message>
        <source>Ol&amp;der Prior</source>
        <translation>Ä&amp;ltere Voruntersuchung</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>Show the next older prior study beside</source>
        <translation>Die nächstältere Voruntersuchung daneben zeigen</translation>
    </message>
    <message>
        <source>Ne&amp;wer Prior</source>
        <translation>&amp;Neuere Voruntersuchung</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Show the next newer prior study beside</source>
        <translation>Die nächstneuere Voruntersuchung daneben zeigen</translation>
    </message>
    <message>
        <source>There is no AI result on screen to send.</source>
        <translation>Es ist kein KI-Ergebnis zum Senden zu sehen.</translation>
    </message>
    <message>
        <source>No PACS receives AI results: mark one in Preferences &gt; PACS.</source>
        <translation>Kein PACS empfängt KI-Ergebnisse: markieren Sie eines unter Einstellungen &gt; PACS.</translation>
    </message>
    <message>
        <source>Reading the AI report the PACS holds for this image...</source>
        <translation>Lese den KI-Bericht, den das PACS zu diesem Bild hat …</translation>
    </message>
    <message>
        <source>&amp;Send Result to PACS</source>
        <translation>Ergebnis an PACS &amp;senden</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Store the AI&apos;s report and heatmap on the PACS nodes marked &quot;AI results&quot;</source>
        <translation>Bericht und Heatmap der KI auf den mit „KI-Ergebnisse“ markierten PACS-Knoten speichern</translation>
    </message>
    <message>
        <source>Export De-&amp;identified Study...</source>
        <translation>&amp;Anonymisierte Studie exportieren …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Write the study on screen as DICOM without the patient&apos;s identity</source>
        <translation>Die angezeigte Untersuchung als DICOM ohne die Identität des Patienten schreiben</translation>
    </message>
    <message>
        <source>Model &amp;Monitoring...</source>
        <translation>&amp;Modellüberwachung …</translation>
    </message>
    <message>
        <source>Whether the model still sees the images it was accepted on, still predicts as it did, still agrees with the readers and still passes its golden set</source>
        <translation>Ob das Modell noch die Bilder sieht, auf denen es abgenommen wurde, noch wie bisher vorhersagt, noch mit den Befundern übereinstimmt und sein Goldstandard-Set noch besteht</translation>
    </message>
    <message>
        <source>Audit repository not used: %1</source>
        <translation>Audit-Repository nicht verwendet: %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::MonitoringDialog</name>
    <message>
        <source>input drift</source>
        <translation>Eingabedrift</translation>
    </message>
    <message>
        <source>metadata drift</source>
        <translation>Metadatendrift</translation>
    </message>
    <message>
        <source>prediction drift</source>
        <translation>Vorhersagedrift</translation>
    </message>
    <message>
        <source>reader agreement</source>
        <translation>Übereinstimmung mit Befundern</translation>
    </message>
    <message>
        <source>golden set</source>
        <translation>Goldstandard-Set</translation>
    </message>
    <message numerus="yes">
        <source>Model monitoring: %n open alarm(s) (%1). See AI &gt; Model Monitoring.</source>
        <translation>
            <numerusform>Modellüberwachung: %n offener Alarm (%1). Siehe KI &gt; Modellüberwachung.</numerusform>
            <numerusform>Modellüberwachung: %n offene Alarme (%1). Siehe KI &gt; Modellüberwachung.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model Monitoring</source>
        <translation>Modellüberwachung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>The feedback database %1 cannot be read: %2</source>
        <translation>Die Feedback-Datenbank %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No prediction has been recorded for monitoring in %1 yet.</source>
        <translation>In %1 ist noch keine Vorhersage für die Überwachung aufgezeichnet.</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>Model %1.</source>
        <translation>Modell %1.</translation>
    </message>
    <message numerus="yes">
        <source>Reference: %1 to %2, %n image(s).</source>
        <translation>
            <numerusform>Referenz: %1 bis %2, %n Bild.</numerusform>
            <numerusform>Referenz: %1 bis %2, %n Bilder.</numerusform>
        </translation>
    </message>
    <message>
        <source>Monitored to %1.</source>
        <translation>Überwacht bis %1.</translation>
    </message>
    <message>
        <source>No prediction recorded.</source>
        <translation>Keine Vorhersage aufgezeichnet.</translation>
    </message>
    <message>
        <source>The reference period is not complete yet (at least 30 days and 150 images).</source>
        <translation>Der Referenzzeitraum ist noch nicht vollständig (mindestens 30 Tage und 150 Bilder).</translation>
    </message>
    <message>
        <source>No open alarm.</source>
        <translation>Kein offener Alarm.</translation>
    </message>
    <message numerus="yes">
        <source>%n open alarm(s).</source>
        <translation>
            <numerusform>%n offener Alarm.</numerusform>
            <numerusform>%n offene Alarme.</numerusform>
        </translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>ended %1</source>
        <translation>beendet %1</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Input histogram</source>
        <translation>Eingabehistogramm</translation>
    </message>
    <message>
        <source>Input statistics</source>
        <translation>Eingabekennwerte</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <source>Reader agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Golden set</source>
        <translation>Goldstandard-Set</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsBrowser</name>
    <message>
        <source>Query PACS</source>
        <translation>PACS abfragen</translation>
    </message>
    <message>
        <source>The PACS to ask (File &gt; Preferences &gt; PACS lists them)</source>
        <translation>Das abzufragende PACS (Liste unter Datei &gt; Einstellungen &gt; PACS)</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>e.g. DOE* (wildcards * and ?)</source>
        <translation>z. B. MUSTER* (Platzhalter * und ?)</translation>
    </message>
    <message>
        <source>YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD</source>
        <translation>JJJJMMTT, JJJJMMTT-JJJJMMTT, JJJJMMTT- oder -JJJJMMTT</translation>
    </message>
    <message>
        <source>Modalities in the study; chest radiographs (CR\DX) by default, empty for any</source>
        <translation>Modalitäten der Untersuchung; standardmäßig Thorax-Röntgen (CR\DX), leer für alle</translation>
    </message>
    <message>
        <source>e.g. *CHEST*</source>
        <translation>z. B. *THORAX*</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>Auftragsnummer</translation>
    </message>
    <message>
        <source>Patient name</source>
        <translation>Patientenname</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Untersuchungsdatum</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Cancel search</source>
        <translation>Suche abbrechen</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>Modalitäten</translation>
    </message>
    <message>
        <source>Series / images</source>
        <translation>Serien / Bilder</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>the PACS&apos;s preferred method</source>
        <translation>der vom PACS bevorzugten Methode</translation>
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
        <translation>Abrufen</translation>
    </message>
    <message>
        <source>Fetch the selected studies into this workstation; the first image opens as soon as it arrives</source>
        <translation>Die gewählten Untersuchungen an diesen Arbeitsplatz holen; das erste Bild öffnet sich, sobald es da ist</translation>
    </message>
    <message>
        <source>Cancel retrieves</source>
        <translation>Abrufe abbrechen</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <source>by</source>
        <translation>per</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No PACS is configured: add one in File &gt; Preferences &gt; PACS.</source>
        <translation>Kein PACS eingerichtet: fügen Sie eines unter Datei &gt; Einstellungen &gt; PACS hinzu.</translation>
    </message>
    <message>
        <source>Searching %1...</source>
        <translation>Suche in %1 …</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>retrieving...</source>
        <translation>wird abgerufen …</translation>
    </message>
    <message numerus="yes">
        <source>%Ln study(s) on %1</source>
        <translation>
            <numerusform>%Ln Untersuchung in %1</numerusform>
            <numerusform>%Ln Untersuchungen in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Serie %1</translation>
    </message>
    <message>
        <source>queued (%1)</source>
        <translation>in Warteschlange (%1)</translation>
    </message>
    <message>
        <source>%1 of %2 received, %3 failed</source>
        <translation>%1 von %2 empfangen, %3 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>done: %Ln image(s)</source>
        <translation>
            <numerusform>fertig: %Ln Bild</numerusform>
            <numerusform>fertig: %Ln Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>cancelled: %Ln image(s) here</source>
        <translation>
            <numerusform>abgebrochen: %Ln Bild vorhanden</numerusform>
            <numerusform>abgebrochen: %Ln Bilder vorhanden</numerusform>
        </translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Retrieving %Ln study(s) from %1...</source>
        <translation>
            <numerusform>Rufe %Ln Studie von %1 ab …</numerusform>
            <numerusform>Rufe %Ln Studien von %1 ab …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>incomplete: %1 of %Ln image(s), %2 missing</source>
        <translation>
            <numerusform>unvollständig: %1 von %Ln Bild, %2 fehlen</numerusform>
            <numerusform>unvollständig: %1 von %Ln Bildern, %2 fehlen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>study: what went wrong</comment>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Retrieved %1: %Ln image(s)</source>
        <translation>
            <numerusform>%1 abgerufen: %Ln Bild</numerusform>
            <numerusform>%1 abgerufen: %Ln Bilder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsController</name>
    <message>
        <source>Not receiving (switched off in the preferences): C-GET works, C-MOVE does not</source>
        <translation>Kein Empfang (in den Einstellungen ausgeschaltet): C-GET funktioniert, C-MOVE nicht</translation>
    </message>
    <message>
        <source>Receiving over TLS as %1 on port %2</source>
        <translation>Empfang über TLS als %1 auf Port %2</translation>
    </message>
    <message>
        <source>Receiving as %1 on port %2</source>
        <translation>Empfang als %1 auf Port %2</translation>
    </message>
    <message>
        <source>Not receiving: %1</source>
        <translation>Kein Empfang: %1</translation>
    </message>
    <message>
        <source> (address %1)</source>
        <translation> (Adresse %1)</translation>
    </message>
    <message>
        <source>, from any caller</source>
        <translation>, von jedem Absender</translation>
    </message>
    <message>
        <source>, from no one: no PACS is configured</source>
        <translation>, von niemandem: kein PACS eingerichtet</translation>
    </message>
    <message>
        <source>Refused images from %1: not a PACS configured in the preferences</source>
        <translation>Bilder von %1 abgewiesen: kein in den Einstellungen eingerichtetes PACS</translation>
    </message>
    <message>
        <source>Refused images from %1: it called the AE title %2, not this workstation&apos;s</source>
        <translation>Bilder von %1 abgewiesen: es rief den AE-Titel %2, nicht den dieser Arbeitsstation</translation>
    </message>
    <message>
        <source>Refused an image from %1: the disk is nearly full</source>
        <translation>Ein Bild von %1 abgewiesen: die Festplatte ist fast voll</translation>
    </message>
    <message>
        <source>Refused an image from %1: it could not be written to the disk</source>
        <translation>Ein Bild von %1 abgewiesen: es konnte nicht auf die Festplatte geschrieben werden</translation>
    </message>
</context>
<context>
    <name>pulmo::app::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemvorgabe (%1)</translation>
    </message>
    <message>
        <source>The language of the window; the system default follows LANGUAGE and LANG</source>
        <translation>Die Sprache des Fensters; die Systemvorgabe folgt LANGUAGE und LANG</translation>
    </message>
    <message>
        <source>Applies the next time Pulmo starts.</source>
        <translation>Gilt ab dem nächsten Start von Pulmo.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Memory for decoded images; the least recently viewed are dropped beyond it</source>
        <translation>Speicher für decodierte Bilder; darüber hinaus werden die am längsten nicht angesehenen verworfen</translation>
    </message>
    <message>
        <source>Image cache</source>
        <translation>Bild-Cache</translation>
    </message>
    <message>
        <source>TorchScript model or resnet18 state_dict; its card (.json) beside it</source>
        <translation>TorchScript-Modell oder resnet18-state_dict; seine Karte (.json) daneben</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>AI model</source>
        <translation>KI-Modell</translation>
    </message>
    <message>
        <source>Models (*.pt *.pth *.ts)</source>
        <translation>Modelle (*.pt *.pth *.ts)</translation>
    </message>
    <message>
        <source>%1 %2, threshold %3 in its card; %4</source>
        <translation>%1 %2, Schwelle %3 laut Modellkarte; %4</translation>
    </message>
    <message>
        <source>cleared for clinical use</source>
        <translation>für den klinischen Einsatz zugelassen</translation>
    </message>
    <message>
        <source>not for clinical use</source>
        <translation>nicht für den klinischen Einsatz</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
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
        <translation>Wo das Modell läuft: Automatisch nimmt eine GPU, wenn vorhanden</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Use my own threshold</source>
        <translation>Eigene Schwelle verwenden</translation>
    </message>
    <message>
        <source>Below this top probability the answer is INDETERMINATE</source>
        <translation>Unter dieser höchsten Wahrscheinlichkeit lautet die Antwort UNBESTIMMT</translation>
    </message>
    <message>
        <source>the operating-system user</source>
        <translation>der Benutzer des Betriebssystems</translation>
    </message>
    <message>
        <source>The name your verdicts and the audit log are signed with</source>
        <translation>Der Name, mit dem Ihre Bewertungen und das Audit-Protokoll gezeichnet werden</translation>
    </message>
    <message>
        <source>Reader name</source>
        <translation>Name des Befunders</translation>
    </message>
    <message>
        <source>This workstation&apos;s AE title: the calling AE title, and the C-MOVE destination the PACS must know with this host and the storage port</source>
        <translation>AE-Titel dieses Arbeitsplatzes: der rufende AE-Titel und das C-MOVE-Ziel, das das PACS mit diesem Host und dem Empfangsport kennen muss</translation>
    </message>
    <message>
        <source>This workstation&apos;s AE title</source>
        <translation>AE-Titel dieses Arbeitsplatzes</translation>
    </message>
    <message>
        <source>Where the built-in Storage SCP receives C-MOVE transfers (C-GET needs no open port)</source>
        <translation>Wo der eingebaute Storage SCP C-MOVE-Übertragungen empfängt (C-GET braucht keinen offenen Port)</translation>
    </message>
    <message>
        <source>Receive on this port while Pulmo runs</source>
        <translation>Auf diesem Port empfangen, solange Pulmo läuft</translation>
    </message>
    <message>
        <source>Storage port</source>
        <translation>Empfangsport</translation>
    </message>
    <message>
        <source>TLS only</source>
        <translation>Nur TLS</translation>
    </message>
    <message>
        <source>Receive over DICOM TLS only, for PACS that send C-MOVE transfers over TLS</source>
        <translation>Nur über DICOM TLS empfangen, für PACS, die C-MOVE-Übertragungen über TLS senden</translation>
    </message>
    <message>
        <source>certificate (PEM)</source>
        <translation>Zertifikat (PEM)</translation>
    </message>
    <message>
        <source>private key (PEM)</source>
        <translation>privater Schlüssel (PEM)</translation>
    </message>
    <message>
        <source>CA certificates of the peers (PEM)</source>
        <translation>CA-Zertifikate der Gegenstellen (PEM)</translation>
    </message>
    <message>
        <source>Receiver TLS</source>
        <translation>TLS beim Empfang</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>AE-Titel</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Abrufen</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>TLS profile</source>
        <translation>TLS-Profil</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>CA-Zertifikate</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Test (C-ECHO)</source>
        <translation>Testen (C-ECHO)</translation>
    </message>
    <message>
        <source>Open an association with the selected peer and send C-ECHO</source>
        <translation>Eine Assoziation mit der gewählten Gegenstelle öffnen und C-ECHO senden</translation>
    </message>
    <message>
        <source>New PACS</source>
        <translation>Neues PACS</translation>
    </message>
    <message>
        <source>Select a peer to test.</source>
        <translation>Wählen Sie eine Gegenstelle zum Testen.</translation>
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
        <translation>AES (ältere PACS)</translation>
    </message>
    <message>
        <source>This workstation: %1</source>
        <translation>Dieser Arbeitsplatz: %1</translation>
    </message>
    <message>
        <source>This workstation: receiving over TLS needs a certificate and its private key</source>
        <translation>Dieser Arbeitsplatz: Empfang über TLS braucht ein Zertifikat und seinen privaten Schlüssel</translation>
    </message>
    <message>
        <source>%1: testing...</source>
        <translation>%1: wird getestet …</translation>
    </message>
    <message>
        <source>%1: C-ECHO answered in %2 ms; the PACS accepts this workstation (%3).</source>
        <translation>%1: C-ECHO in %2 ms beantwortet; das PACS akzeptiert diesen Arbeitsplatz (%3).</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>A (agree) and D (disagree) count only after the image and its AI result were on screen this long</source>
        <translation>A (Zustimmen) und D (Ablehnen) zählen erst, wenn Bild und KI-Ergebnis so lange zu sehen waren</translation>
    </message>
    <message>
        <source>Minimum viewing time</source>
        <translation>Mindest-Betrachtungszeit</translation>
    </message>
    <message>
        <source>Show the AI after my first look</source>
        <translation>KI erst nach meinem ersten Blick zeigen</translation>
    </message>
    <message>
        <source>The AI&apos;s label, probabilities and heatmap stay hidden until you press Space; the verdict records it</source>
        <translation>Befund, Wahrscheinlichkeiten und Heatmap der KI bleiben verborgen, bis Sie die Leertaste drücken; das Urteil hält es fest</translation>
    </message>
    <message>
        <source>Send every AI result to the PACS</source>
        <translation>Jedes KI-Ergebnis an das PACS senden</translation>
    </message>
    <message>
        <source>Each result is stored as a structured report and a heatmap capture on the PACS nodes marked &quot;AI results&quot; on the PACS page</source>
        <translation>Jedes Ergebnis wird als strukturierter Bericht und Heatmap-Aufnahme auf den PACS-Knoten gespeichert, die auf der PACS-Seite mit „KI-Ergebnisse“ markiert sind</translation>
    </message>
    <message>
        <source>AI results</source>
        <translation>KI-Ergebnisse</translation>
    </message>
    <message>
        <source>Send a report I signed with each verdict</source>
        <translation>Mit jeder Bewertung einen von mir gezeichneten Bericht senden</translation>
    </message>
    <message>
        <source>Agree or Disagree also sends a verified structured report with your finding, you as its verifying observer, beside the AI&apos;s own</source>
        <translation>Zustimmen oder Ablehnen sendet zusätzlich einen verifizierten strukturierten Bericht mit Ihrem Befund und Ihnen als verifizierender Person, neben dem der KI</translation>
    </message>
    <message>
        <source>AI &gt; Send Result to PACS (and automatic sending) stores the AI&apos;s report and heatmap here</source>
        <translation>KI &gt; Ergebnis an PACS senden (und das automatische Senden) speichert Bericht und Heatmap der KI hier</translation>
    </message>
    <message>
        <source>every interface</source>
        <translation>alle Schnittstellen</translation>
    </message>
    <message>
        <source>The address of this machine the Storage SCP listens on (IPv4 or IPv6), e.g. the one facing the PACS; empty: every interface</source>
        <translation>Die Adresse dieses Rechners, auf der der Storage-SCP empfängt (IPv4 oder IPv6), z. B. die zum PACS hin; leer: alle Schnittstellen</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Empfangen auf</translation>
    </message>
    <message>
        <source>Accept images from any caller (labs only)</source>
        <translation>Bilder von jedem Absender annehmen (nur für Labore)</translation>
    </message>
    <message>
        <source>Otherwise only the PACS listed below may send images here (their AE title from their host); anyone else is refused, and the refusal is audited</source>
        <translation>Sonst dürfen nur die unten aufgeführten PACS Bilder senden (ihr AE-Titel von ihrem Rechner); alle anderen werden abgewiesen, und die Abweisung wird protokolliert</translation>
    </message>
    <message>
        <source>Callers</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Below this much free disk space, images sent here are refused (Out of Resources) rather than half written</source>
        <translation>Unter so viel freiem Plattenplatz werden gesendete Bilder abgewiesen (Out of Resources), statt halb geschrieben zu werden</translation>
    </message>
    <message>
        <source>Keep free on disk</source>
        <translation>Auf der Festplatte frei halten</translation>
    </message>
    <message>
        <source>none (e.g. tls://audit.hospital.org:6514)</source>
        <translation>keines (z. B. tls://audit.klinik.de:6514)</translation>
    </message>
    <message>
        <source>The hospital&apos;s audit record repository (IHE ATNA): every audit row also goes there as a syslog message, udp://, tcp:// or tls://HOST:PORT (TLS with the receiver&apos;s certificate, key and CA). Rows it cannot take wait and go later.</source>
        <translation>Das Audit-Repository des Krankenhauses (IHE ATNA): jede Protokollzeile geht auch als Syslog-Nachricht dorthin, udp://, tcp:// oder tls://HOST:PORT (TLS mit Zertifikat, Schlüssel und CA des Empfängers). Zeilen, die es nicht annimmt, warten und gehen später.</translation>
    </message>
    <message>
        <source>Audit repository</source>
        <translation>Audit-Repository</translation>
    </message>
    <message>
        <source>The audit repository &quot;%1&quot; is not udp://, tcp:// or tls://HOST:PORT</source>
        <translation>Das Audit-Repository „%1“ ist nicht udp://, tcp:// oder tls://HOST:PORT</translation>
    </message>
    <message>
        <source>The audit repository over TLS needs the CA certificates (Receiver TLS)</source>
        <translation>Das Audit-Repository über TLS braucht die CA-Zertifikate (Empfänger-TLS)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>No, it ends with the window</source>
        <translation>Nein, sie endet mit dem Fenster</translation>
    </message>
    <message>
        <source>Keep the AI loaded</source>
        <translation>KI geladen halten</translation>
    </message>
    <message>
        <source>After the last window closes, the AI and its model stay loaded this long (about 260 MB), so that the next window&apos;s first result follows its first image. Applies from the next start of the AI.</source>
        <translation>Nach dem Schließen des letzten Fensters bleiben die KI und ihr Modell so lange geladen (etwa 260 MB), damit das erste Ergebnis des nächsten Fensters direkt auf sein erstes Bild folgt. Gilt ab dem nächsten Start der KI.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ResultPublisher</name>
    <message>
        <source>No PACS receives AI results: mark one in Preferences &gt; PACS.</source>
        <translation>Kein PACS empfängt KI-Ergebnisse: markieren Sie eines unter Einstellungen &gt; PACS.</translation>
    </message>
    <message>
        <source>Sending the result to %1...</source>
        <translation>Sende das Ergebnis an %1 …</translation>
    </message>
    <message>
        <source>Result sent to %1 at %2.</source>
        <translation>Ergebnis um %2 an %1 gesendet.</translation>
    </message>
    <message>
        <source>Not sent yet to %1: %2. Next try at %3.</source>
        <translation>Noch nicht an %1 gesendet: %2. Nächster Versuch um %3.</translation>
    </message>
    <message>
        <source>Waiting for %1, which is no longer among the PACS nodes.</source>
        <translation>Wartet auf %1, das nicht mehr zu den PACS-Knoten gehört.</translation>
    </message>
    <message>
        <source>Not sent to %1: its file is gone (%2).</source>
        <translation>Nicht an %1 gesendet: die Datei ist nicht mehr vorhanden (%2).</translation>
    </message>
    <message>
        <source>The result could not be prepared for the PACS: %1</source>
        <translation>Das Ergebnis konnte nicht für das PACS vorbereitet werden: %1</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ShortcutSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Weitere</translation>
    </message>
    <message>
        <source>Find an action or a key</source>
        <translation>Aktion oder Taste suchen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>%1: %2 = %3</source>
        <comment>menu: action = keys</comment>
        <translation>%1: %2 = %3</translation>
    </message>
</context>
<context>
    <name>pulmo::app::SkippedFilesDialog</name>
    <message>
        <source>Files not opened</source>
        <translation>Nicht geöffnete Dateien</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Unreadable (%1)</source>
        <translation>Unlesbar (%1)</translation>
    </message>
    <message>
        <source>Other files, not images (%1)</source>
        <translation>Andere Dateien, keine Bilder (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) look like images but cannot be read: a copy may have been cut short, or the file is damaged or of a kind Pulmo does not support.</source>
        <translation>
            <numerusform>%Ln Datei sieht wie ein Bild aus, kann aber nicht gelesen werden: Eine Kopie wurde vielleicht abgebrochen, oder die Datei ist beschädigt oder von einer Art, die Pulmo nicht unterstützt.</numerusform>
            <numerusform>%Ln Dateien sehen wie Bilder aus, können aber nicht gelesen werden: Eine Kopie wurde vielleicht abgebrochen, oder die Dateien sind beschädigt oder von einer Art, die Pulmo nicht unterstützt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln other file(s) are not images (text, JSON, reports, DICOMDIR) and were left aside.</source>
        <translation>
            <numerusform>%Ln andere Datei ist kein Bild (Text, JSON, Berichte, DICOMDIR) und wurde beiseitegelassen.</numerusform>
            <numerusform>%Ln andere Dateien sind keine Bilder (Text, JSON, Berichte, DICOMDIR) und wurden beiseitegelassen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::StatusLine</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>List the files that were not opened, and why</source>
        <translation>Die nicht geöffneten Dateien und die Gründe auflisten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop indexing; what was read so far is kept</source>
        <translation>Indizierung anhalten; bereits Gelesenes bleibt erhalten</translation>
    </message>
    <message>
        <source>The built-in Storage SCP that receives C-MOVE transfers</source>
        <translation>Der eingebaute Storage SCP, der C-MOVE-Übertragungen empfängt</translation>
    </message>
    <message>
        <source>AI %v/%m</source>
        <translation>KI&#xa0;%v/%m</translation>
    </message>
    <message>
        <source>Stop AI</source>
        <translation>KI anhalten</translation>
    </message>
    <message>
        <source>Stop analysing the list; results so far stay</source>
        <translation>Analyse der Liste anhalten; bisherige Ergebnisse bleiben</translation>
    </message>
    <message>
        <source>Indexing...</source>
        <translation>Indizierung läuft …</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <comment>images in studies</comment>
        <translation>%1 in %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln image(s)</source>
        <translation>
            <numerusform>%Ln Bild</numerusform>
            <numerusform>%Ln Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln study(s)</source>
        <translation>
            <numerusform>%Ln Untersuchung</numerusform>
            <numerusform>%Ln Untersuchungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln other file(s)</source>
        <translation>
            <numerusform>%1, %Ln andere Datei</numerusform>
            <numerusform>%1, %Ln andere Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln unreadable</source>
        <translation>
            <numerusform>%1, %Ln unlesbar</numerusform>
            <numerusform>%1, %Ln unlesbar</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (indexing cancelled)</source>
        <translation>%1 (Indizierung abgebrochen)</translation>
    </message>
    <message>
        <source>Indexing failed: %1</source>
        <translation>Indizierung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Audit: %n row(s) waiting for the repository</source>
        <translation>
            <numerusform>Audit: %n Eintrag wartet auf das Repository</numerusform>
            <numerusform>Audit: %n Einträge warten auf das Repository</numerusform>
        </translation>
    </message>
    <message>
        <source>Being sent to the audit record repository</source>
        <translation>Wird an das Audit-Record-Repository gesendet</translation>
    </message>
    <message>
        <source>Not delivered: %1. The rows wait in the feedback database and are sent in order when the repository answers.</source>
        <translation>Nicht zugestellt: %1. Die Einträge warten in der Feedback-Datenbank und werden der Reihe nach gesendet, sobald das Repository antwortet.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::StudyBrowserPanel</name>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>The open study&apos;s series: Enter or a double click opens one</source>
        <translation>Die Serien der geöffneten Untersuchung: Eingabetaste oder Doppelklick öffnet eine</translation>
    </message>
    <message>
        <source>e.g. smith, jane</source>
        <translation>z. B. muster, erika</translation>
    </message>
    <message>
        <source>Patient name, or part of it, in any case: as shown (SMITH, JANE) or as DICOM writes it (SMITH^JANE); * and ? are wildcards</source>
        <translation>Patientenname oder ein Teil davon, Groß- und Kleinschreibung egal: wie angezeigt (MUSTER, ERIKA) oder wie DICOM ihn schreibt (MUSTER^ERIKA); * und ? sind Platzhalter</translation>
    </message>
    <message>
        <source>Patient ID, or part of it; * and ? are wildcards</source>
        <translation>Patienten-ID oder ein Teil davon; * und ? sind Platzhalter</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or a range</source>
        <translation>JJJJ-MM-TT oder ein Zeitraum</translation>
    </message>
    <message>
        <source>Study date: a day (2024-03-01 or 20240301), a month (2024-03), a year (2024), or a range (2024-03-01 - 2024-03-31, 20240301-20240331); either end may be left out</source>
        <translation>Untersuchungsdatum: ein Tag (2024-03-01 oder 20240301), ein Monat (2024-03), ein Jahr (2024) oder ein Zeitraum (2024-03-01 - 2024-03-31, 20240301-20240331); Anfang oder Ende darf fehlen</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Studies of today</source>
        <translation>Untersuchungen von heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Studies of yesterday</source>
        <translation>Untersuchungen von gestern</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>Studies of the last 7 days, today included</source>
        <translation>Untersuchungen der letzten 7 Tage, heute eingeschlossen</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Studies of any date</source>
        <translation>Untersuchungen jedes Datums</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>First study date (the calendar opens with the arrow)</source>
        <translation>Erstes Untersuchungsdatum (der Pfeil öffnet den Kalender)</translation>
    </message>
    <message>
        <source>Last study date (the calendar opens with the arrow)</source>
        <translation>Letztes Untersuchungsdatum (der Pfeil öffnet den Kalender)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>Nicht bewertet</translation>
    </message>
    <message>
        <source>Only studies with an image that has no verdict yet</source>
        <translation>Nur Untersuchungen mit einem Bild, das noch keine Bewertung hat</translation>
    </message>
    <message>
        <source>“%1” is not a date. Write YYYY-MM-DD, or a range such as 2024-03-01 - 2024-03-31; until then the list ignores the date.</source>
        <translation>„%1“ ist kein Datum. Schreiben Sie JJJJ-MM-TT oder einen Zeitraum wie 2024-03-01 - 2024-03-31; bis dahin übergeht die Liste das Datum.</translation>
    </message>
    <message>
        <source>The range ends before it starts; until it is turned round the list ignores the date.</source>
        <translation>Der Zeitraum endet, bevor er beginnt; bis er umgedreht ist, übergeht die Liste das Datum.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n study(ies) shown</source>
        <translation>
            <numerusform>%1 von %n Untersuchung angezeigt</numerusform>
            <numerusform>%1 von %n Untersuchungen angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Serie %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>AI heatmap</source>
        <translation>KI-Heatmap</translation>
    </message>
    <message>
        <source>Pulmo&apos;s heatmap capture of an AI result: to look at, not a radiograph to review</source>
        <translation>Pulmos Heatmap-Aufnahme eines KI-Ergebnisses: zum Ansehen, keine Röntgenaufnahme zum Befunden</translation>
    </message>
    <message>
        <source>Pulmo AI result</source>
        <translation>Pulmo-KI-Ergebnis</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>modality · what the document is</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Pulmo&apos;s AI result as a structured report: Enter or a double click shows the image it is about and its result</source>
        <translation>Pulmos KI-Ergebnis als strukturierter Befund: Eingabe oder ein Doppelklick zeigt das Bild, um das es geht, und sein Ergebnis</translation>
    </message>
    <message>
        <source>A structured report or other document, not an image: Enter or a double click shows the image it is about</source>
        <translation>Ein strukturierter Befund oder anderes Dokument, kein Bild: Eingabe oder ein Doppelklick zeigt das Bild, um das es geht</translation>
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
        <translation>Die Feedback-Datenbank ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Export into an empty folder</source>
        <translation>In einen leeren Ordner exportieren</translation>
    </message>
    <message>
        <source>Exporting reviewed images...</source>
        <translation>Befundete Bilder werden exportiert …</translation>
    </message>
    <message>
        <source>Export De-identified Study</source>
        <translation>Anonymisierte Studie exportieren</translation>
    </message>
    <message>
        <source>Open a study first.</source>
        <translation>Öffnen Sie zuerst eine Untersuchung.</translation>
    </message>
    <message numerus="yes">
        <source>The study on screen (%Ln file(s))</source>
        <translation>
            <numerusform>Die angezeigte Untersuchung (%Ln Datei)</numerusform>
            <numerusform>Die angezeigte Untersuchung (%Ln Dateien)</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting the de-identified study...</source>
        <translation>Die anonymisierte Untersuchung wird exportiert …</translation>
    </message>
</context>
<context>
    <name>pulmo::app::VerdictFlow</name>
    <message>
        <source>Nothing to judge yet: no AI result for the image on screen.</source>
        <translation>Noch nichts zu beurteilen: kein KI-Ergebnis für das angezeigte Bild.</translation>
    </message>
    <message>
        <source>Still saving the last verdict; try again in a moment.</source>
        <translation>Das letzte Urteil wird noch gespeichert; bitte gleich noch einmal.</translation>
    </message>
    <message>
        <source>Already reviewed: press C (Change) to give a new verdict.</source>
        <translation>Bereits beurteilt: C (Ändern) für ein neues Urteil.</translation>
    </message>
    <message>
        <source>Reveal the AI result first (Space).</source>
        <translation>Zeigen Sie zuerst das KI-Ergebnis (Leertaste).</translation>
    </message>
    <message>
        <source>Look at the image first: a verdict counts after %1 s with the image and its AI result on screen.</source>
        <translation>Sehen Sie sich zuerst das Bild an: ein Urteil zählt, wenn Bild und KI-Ergebnis %1 s zu sehen waren.</translation>
    </message>
    <message>
        <source>Nothing to change: this image has no verdict yet.</source>
        <translation>Nichts zu ändern: dieses Bild hat noch kein Urteil.</translation>
    </message>
    <message>
        <source>Changing the verdict: A to agree, D to disagree, Esc to keep it.</source>
        <translation>Urteil ändern: A stimmt zu, D lehnt ab, Esc behält es.</translation>
    </message>
    <message>
        <source>Nothing to undo: no verdict of this session is left to withdraw.</source>
        <translation>Nichts rückgängig zu machen: kein Urteil dieser Sitzung mehr zurückzuziehen.</translation>
    </message>
    <message>
        <source>You agreed: %1 · %2 · %3</source>
        <translation>Sie stimmten zu: %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%3 agreed: %1 · %2</source>
        <translation>%3 stimmte zu: %1 · %2</translation>
    </message>
    <message>
        <source>You disagreed: %1 → %2 · %3 · %4</source>
        <translation>Sie lehnten ab: %1 → %2 · %3 · %4</translation>
    </message>
    <message>
        <source>%4 disagreed: %1 → %2 · %3</source>
        <translation>%4 lehnte ab: %1 → %2 · %3</translation>
    </message>
    <message>
        <source>This is Pulmo&apos;s heatmap capture, not a radiograph: verdicts are given on the radiograph.</source>
        <translation>Dies ist Pulmos Heatmap-Aufnahme, keine Röntgenaufnahme: Urteile werden zur Röntgenaufnahme abgegeben.</translation>
    </message>
</context>
<context>
    <name>pulmo::app::ViewportGrid</name>
    <message>
        <source>Current · %1</source>
        <translation>Aktuell · %1</translation>
    </message>
    <message>
        <source>No earlier study of this patient</source>
        <translation>Keine frühere Untersuchung dieses Patienten</translation>
    </message>
    <message>
        <source>No earlier study</source>
        <translation>Keine frühere Untersuchung</translation>
    </message>
    <message>
        <source>Prior %1 of %2 · %3</source>
        <translation>Voraufnahme %1 von %2 · %3</translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::ImageView</name>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>%1 px (no pixel spacing)</source>
        <translation>%1 px (kein Pixelabstand)</translation>
    </message>
    <message>
        <source>%1 mm (at detector)</source>
        <translation>%1 mm (am Detektor)</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 mm</translation>
    </message>
    <message>
        <source>Open a study: File &gt; Open, or drop files here</source>
        <translation>Untersuchung öffnen: Datei &gt; Öffnen, oder Dateien hierher ziehen</translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation>ID %1</translation>
    </message>
    <message>
        <source>Series %1  Image %2</source>
        <translation>Serie %1  Bild %2</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Einzelbild %1 / %2</translation>
    </message>
    <message>
        <source>Inverted</source>
        <translation>Invertiert</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Zoom %1&#xa0;%</translation>
    </message>
    <message>
        <source>Custom</source>
        <comment>window preset</comment>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Rotated %1°</source>
        <translation>Gedreht %1°</translation>
    </message>
    <message>
        <source>Flipped H</source>
        <translation>Horizontal gespiegelt</translation>
    </message>
    <message>
        <source>Ruler: drag to measure · drag an end to move it · click one, then Del to remove it · Esc to stop</source>
        <translation>Lineal: ziehen zum Messen · ein Ende ziehen zum Verschieben · eines anklicken, dann Entf zum Löschen · Esc zum Beenden</translation>
    </message>
    <message>
        <source>DOB %1</source>
        <translation>Geb. %1</translation>
    </message>
    <message>
        <source>DOB %1 (%2)</source>
        <translation>Geb. %1 (%2)</translation>
    </message>
    <message>
        <source>Image %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
    <message>
        <source>Study %1 of %2</source>
        <translation>Studie %1 von %2</translation>
    </message>
    <message>
        <source>%1  W %2  L %3</source>
        <translation>%1  W %2  L %3</translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::StudyBrowserModel</name>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
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
        <translation>%1 (%2 Mon.)</translation>
    </message>
    <message>
        <source>%1 (%2 y)</source>
        <comment>birth date (age in years at the study)</comment>
        <translation>%1 (%2 J.)</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>images reviewed / images</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1, patient ID %2</source>
        <translation>%1, Patienten-ID %2</translation>
    </message>
    <message>
        <source>, sex %1</source>
        <translation>, Geschlecht %1</translation>
    </message>
    <message>
        <source>Accession number %1</source>
        <translation>Auftragsnummer %1</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <comment>images in series</comment>
        <translation>%1 in %2</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n Serie</numerusform>
            <numerusform>%n Serien</numerusform>
        </translation>
    </message>
    <message>
        <source>Not analysed by the AI yet</source>
        <translation>Noch nicht von der KI analysiert</translation>
    </message>
    <message>
        <source>The AI&apos;s probability of %1 for the study&apos;s most suspicious image: %2 (%3)</source>
        <translation>Wahrscheinlichkeit für %1 laut KI beim auffälligsten Bild der Untersuchung: %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s) reviewed</source>
        <translation>
            <numerusform>%1 von %n Bild bewertet</numerusform>
            <numerusform>%1 von %n Bildern bewertet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read: %1</source>
        <translation>
            <numerusform>%n Bild kann nicht gelesen werden: %1</numerusform>
            <numerusform>%n Bilder können nicht gelesen werden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>Born (age)</source>
        <translation>Geboren (Alter)</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>AI P(%1)</source>
        <comment>the AI&apos;s probability of the positive label</comment>
        <translation>KI P(%1)</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <source>Birth date, and the age at the study</source>
        <translation>Geburtsdatum und Alter bei der Untersuchung</translation>
    </message>
    <message>
        <source>The AI&apos;s probability of %1 for the study&apos;s most suspicious image. Sort by it to read the most suspicious studies first.</source>
        <translation>Wahrscheinlichkeit für %1 laut KI beim auffälligsten Bild der Untersuchung. Danach sortiert lesen Sie die auffälligsten Untersuchungen zuerst.</translation>
    </message>
    <message>
        <source>Images of the study with your verdict: ✓ all of them, 3/4 some</source>
        <translation>Bilder der Untersuchung mit Ihrer Bewertung: ✓ alle, 3/4 einige</translation>
    </message>
    <message numerus="yes">
        <source>and %n report(s) or other document(s)</source>
        <translation>
            <numerusform>und %n Befund oder anderes Dokument</numerusform>
            <numerusform>und %n Befunde oder andere Dokumente</numerusform>
        </translation>
    </message>
    <message>
        <source>Radiographs of the study: Pulmo&apos;s heatmap captures and structured reports are not counted</source>
        <translation>Röntgenaufnahmen der Studie: Pulmos Heatmap-Aufnahmen und strukturierte Befunde werden nicht gezählt</translation>
    </message>
</context>
</TS>
