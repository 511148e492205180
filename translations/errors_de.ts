<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="38"/>
        <location filename="../app/gui/ErrorText.cpp" line="115"/>
        <source>The file does not exist.</source>
        <translation>Die Datei existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="40"/>
        <source>No permission to read the file.</source>
        <translation>Keine Berechtigung, die Datei zu lesen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="42"/>
        <source>The file cannot be opened.</source>
        <translation>Die Datei kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="44"/>
        <location filename="../app/gui/ErrorText.cpp" line="121"/>
        <source>This is a folder, not a file.</source>
        <translation>Das ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="46"/>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="48"/>
        <source>Not a DICOM file, or the file is damaged or incomplete.</source>
        <translation>Keine DICOM-Datei, oder die Datei ist beschädigt oder unvollständig.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="52"/>
        <source>The transfer syntax %1 is not supported.</source>
        <translation>Die Übertragungssyntax %1 wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="53"/>
        <source>The transfer syntax %1 (%2) is not supported.</source>
        <translation>Die Übertragungssyntax %1 (%2) wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="56"/>
        <source>The pixel data is incomplete: %1 of %2 bytes are present.</source>
        <translation>Die Pixeldaten sind unvollständig: %1 von %2 Bytes sind vorhanden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="59"/>
        <source>The header value %1 = %2 is invalid.</source>
        <translation>Der Header-Wert %1 = %2 ist ungültig.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="61"/>
        <source>The header value %1 = %2 is not supported.</source>
        <translation>Der Header-Wert %1 = %2 wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="63"/>
        <source>The image is too large to open: %1 x %2 pixels, %3 frame(s), needs %4 MiB of memory (limit %5 MiB).</source>
        <translation>Das Bild ist zu groß zum Öffnen: %1 x %2 Pixel, %3 Frame(s), benötigt %4 MiB Arbeitsspeicher (Grenze %5 MiB).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="68"/>
        <source>The file holds no image (no pixel data).</source>
        <translation>Die Datei enthält kein Bild (keine Pixeldaten).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="69"/>
        <source>The file holds no image (no pixel data; SOP Class %1).</source>
        <translation>Die Datei enthält kein Bild (keine Pixeldaten; SOP-Klasse %1).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="71"/>
        <source>Floating-point pixel data is not supported.</source>
        <translation>Gleitkomma-Pixeldaten werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="73"/>
        <source>The pixel data is damaged and cannot be decoded.</source>
        <translation>Die Pixeldaten sind beschädigt und können nicht dekodiert werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="75"/>
        <source>Not enough memory to decode the image.</source>
        <translation>Nicht genug Arbeitsspeicher, um das Bild zu dekodieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="77"/>
        <source>The file is nested too deeply to be read safely (%1 sequence items).</source>
        <translation>Die Datei ist zu tief verschachtelt, um sicher gelesen zu werden (%1 Sequenzelemente).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="79"/>
        <source>Not a DICOMDIR (no directory records).</source>
        <translation>Kein DICOMDIR (keine Verzeichniseinträge).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="81"/>
        <source>The file cannot be written.</source>
        <translation>Die Datei kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="83"/>
        <source>The image has %1 frame(s); frame %2 does not exist.</source>
        <translation>Das Bild hat %1 Frame(s); Frame %2 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="88"/>
        <location filename="../app/gui/ErrorText.cpp" line="125"/>
        <source>Internal error while reading the file: %1</source>
        <translation>Interner Fehler beim Lesen der Datei: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="93"/>
        <location filename="../app/gui/ErrorText.cpp" line="130"/>
        <location filename="../app/gui/ErrorText.cpp" line="266"/>
        <source>%1: %2</source>
        <comment>file or peer: what went wrong</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="108"/>
        <source>Not an image (no pixel data).</source>
        <translation>Kein Bild (keine Pixeldaten).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="109"/>
        <source>Not an image (no pixel data; SOP Class %1).</source>
        <translation>Kein Bild (keine Pixeldaten; SOP-Klasse %1).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="111"/>
        <source>The Study Instance UID is missing.</source>
        <translation>Die Study Instance UID fehlt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="113"/>
        <source>The Series Instance UID is missing.</source>
        <translation>Die Series Instance UID fehlt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="117"/>
        <source>The folder does not exist.</source>
        <translation>Der Ordner existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="119"/>
        <source>The folder cannot be read.</source>
        <translation>Der Ordner kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="137"/>
        <source>The study index %1 cannot be opened.</source>
        <translation>Der Studienindex %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="139"/>
        <source>The study index %1 is damaged and cannot be replaced.</source>
        <translation>Der Studienindex %1 ist beschädigt und kann nicht ersetzt werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="143"/>
        <source>The study index %1 cannot be read or updated.</source>
        <translation>Der Studienindex %1 kann nicht gelesen oder aktualisiert werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="157"/>
        <source>Connection refused: no DICOM service is listening on this host and port.</source>
        <translation>Verbindung abgelehnt: Auf diesem Host und Port ist kein DICOM-Dienst erreichbar.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="160"/>
        <source>The host cannot be reached (no route to it).</source>
        <translation>Der Host ist nicht erreichbar (keine Route dorthin).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="163"/>
        <source>The host name is unknown.</source>
        <translation>Der Hostname ist unbekannt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="166"/>
        <source>The connection could not be established.</source>
        <translation>Die Verbindung konnte nicht hergestellt werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="169"/>
        <source>Timeout: no answer within %1 s.</source>
        <translation>Zeitüberschreitung: keine Antwort innerhalb von %1 s.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="174"/>
        <source>Association rejected: our AE title %1 is not known to the peer (register this workstation there).</source>
        <translation>Assoziation abgelehnt: Unser AE-Titel %1 ist der Gegenstelle nicht bekannt (diese Arbeitsstation dort eintragen).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="178"/>
        <source>Association rejected: the peer does not answer to the AE title %1 (check the AE title in the settings).</source>
        <translation>Assoziation abgelehnt: Die Gegenstelle meldet sich nicht unter dem AE-Titel %1 (AE-Titel in den Einstellungen prüfen).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="182"/>
        <source>Association rejected: application context not supported.</source>
        <translation>Assoziation abgelehnt: Anwendungskontext nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="184"/>
        <source>Association rejected: protocol version not supported.</source>
        <translation>Assoziation abgelehnt: Protokollversion nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="186"/>
        <source>Association rejected: the peer is busy for the moment; try again later.</source>
        <translation>Assoziation abgelehnt: Die Gegenstelle ist momentan ausgelastet; später erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="189"/>
        <source>Association rejected: the peer&apos;s limit of simultaneous connections is reached; try again later.</source>
        <translation>Assoziation abgelehnt: Die Höchstzahl gleichzeitiger Verbindungen der Gegenstelle ist erreicht; später erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="192"/>
        <source>Association rejected by the peer (no reason given).</source>
        <translation>Assoziation von der Gegenstelle abgelehnt (ohne Angabe von Gründen).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="196"/>
        <source>The peer does not offer the service %1 to this AE title.</source>
        <translation>Die Gegenstelle bietet diesem AE-Titel den Dienst %1 nicht an.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="199"/>
        <source>The connection was lost or aborted by the peer.</source>
        <translation>Die Verbindung wurde unterbrochen oder von der Gegenstelle abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="203"/>
        <source>%1 failed with status %2.</source>
        <translation>%1 fehlgeschlagen mit Status %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="205"/>
        <source>%1 failed with status %2; the peer says: %3</source>
        <translation>%1 fehlgeschlagen mit Status %2; die Gegenstelle meldet: %3</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="209"/>
        <source>The peer sent nothing for this study (unknown Study Instance UID?).</source>
        <translation>Die Gegenstelle hat für diese Studie nichts gesendet (unbekannte Study Instance UID?).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="212"/>
        <source>%1 of %2 images did not arrive.</source>
        <translation>%1 von %2 Bildern sind nicht angekommen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="215"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="218"/>
        <source>The TLS handshake failed (certificate not trusted, expired, or for another host?).</source>
        <translation>Der TLS-Handshake ist fehlgeschlagen (Zertifikat nicht vertrauenswürdig, abgelaufen oder für einen anderen Host?).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="221"/>
        <source>The certificate %1 cannot be read (PEM expected).</source>
        <translation>Das Zertifikat %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="224"/>
        <source>The private key %1 cannot be read (PEM expected).</source>
        <translation>Der private Schlüssel %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="227"/>
        <source>The CA certificate %1 cannot be read (PEM expected).</source>
        <translation>Das CA-Zertifikat %1 kann nicht gelesen werden (PEM erwartet).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="230"/>
        <source>The private key does not match the certificate.</source>
        <translation>Der private Schlüssel passt nicht zum Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="233"/>
        <source>No CA certificate is configured: the peer cannot be verified.</source>
        <translation>Kein CA-Zertifikat eingerichtet: Die Gegenstelle kann nicht überprüft werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="236"/>
        <source>Receiving over TLS needs a certificate and its private key.</source>
        <translation>Der Empfang über TLS benötigt ein Zertifikat und den zugehörigen privaten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="239"/>
        <source>Give both a certificate and its private key, or neither.</source>
        <translation>Bitte Zertifikat und privaten Schlüssel gemeinsam angeben, oder keines von beiden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="242"/>
        <source>Cannot listen on port %1 (in use by another program, or a privileged port).</source>
        <translation>Port %1 kann nicht geöffnet werden (von einem anderen Programm belegt oder privilegierter Port).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="247"/>
        <source>C-MOVE needs this workstation&apos;s DICOM receiver (Storage SCP), which is not running; retrieve by C-GET instead.</source>
        <translation>C-MOVE benötigt den DICOM-Empfänger (Storage SCP) dieser Arbeitsstation, der nicht läuft; stattdessen per C-GET abrufen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="251"/>
        <source>No storage folder is configured.</source>
        <translation>Kein Speicherordner eingerichtet.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="254"/>
        <source>The storage folder %1 cannot be created or written.</source>
        <translation>Der Speicherordner %1 kann nicht angelegt oder beschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="257"/>
        <source>The received image cannot be saved as %1.</source>
        <translation>Das empfangene Bild kann nicht als %1 gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="260"/>
        <source>%1 &quot;%2&quot; is not a valid UID.</source>
        <translation>%1 „%2“ ist keine gültige UID.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="263"/>
        <source>Network error: %1</source>
        <translation>Netzwerkfehler: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="285"/>
        <source>The feedback database %1 cannot be opened.</source>
        <translation>Die Feedback-Datenbank %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="287"/>
        <source>The feedback database %1 is read-only (read-only drive or share, or no permission).</source>
        <translation>Die Feedback-Datenbank %1 ist schreibgeschützt (schreibgeschütztes Laufwerk oder Netzlaufwerk, oder keine Berechtigung).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="289"/>
        <source>The disk that holds the feedback database %1 is full.</source>
        <translation>Der Datenträger mit der Feedback-Datenbank %1 ist voll.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="291"/>
        <source>The feedback database %1 is locked by another program (waited %2 s).</source>
        <translation>Die Feedback-Datenbank %1 ist durch ein anderes Programm gesperrt (%2 s gewartet).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="294"/>
        <source>The feedback database %1 was written by a newer Pulmo (schema %2; this version knows up to %3).</source>
        <translation>Die Feedback-Datenbank %1 wurde von einer neueren Pulmo-Version geschrieben (Schema %2; diese Version kennt bis %3).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="298"/>
        <source>The feedback database %1 is damaged.</source>
        <translation>Die Feedback-Datenbank %1 ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="302"/>
        <source>Feedback database error: %1</source>
        <translation>Fehler der Feedback-Datenbank: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="315"/>
        <source>The inference plugin %1 is missing.</source>
        <translation>Das Inferenz-Plugin %1 fehlt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="317"/>
        <source>The inference plugin %1 cannot be loaded.</source>
        <translation>Das Inferenz-Plugin %1 kann nicht geladen werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="319"/>
        <source>The inference plugin %1 was built for another version of Pulmo (interface %2 expected).</source>
        <translation>Das Inferenz-Plugin %1 wurde für eine andere Pulmo-Version gebaut (Schnittstelle %2 erwartet).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="322"/>
        <source>No model is configured.</source>
        <translation>Kein Modell eingerichtet.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="324"/>
        <source>The model file %1 does not exist or cannot be read.</source>
        <translation>Die Modelldatei %1 existiert nicht oder kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="326"/>
        <source>%1 is not a usable model (neither TorchScript nor a ResNet18 state_dict), or it is damaged.</source>
        <translation>%1 ist kein verwendbares Modell (weder TorchScript noch ein ResNet18-state_dict) oder ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="329"/>
        <source>The model card %1 is not valid JSON.</source>
        <translation>Die Modellkarte %1 ist kein gültiges JSON.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="331"/>
        <source>The model card %1 has an invalid value in the field &quot;%2&quot;.</source>
        <translation>Die Modellkarte %1 enthält einen ungültigen Wert im Feld „%2“.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="334"/>
        <source>The model %1 has %2 outputs, but its card names %3 classes.</source>
        <translation>Das Modell %1 hat %2 Ausgänge, seine Modellkarte nennt aber %3 Klassen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="337"/>
        <source>The device %1 is not available (no CUDA GPU, or no such device).</source>
        <translation>Das Gerät %1 ist nicht verfügbar (keine CUDA-GPU oder kein solches Gerät).</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="339"/>
        <source>The model %1 failed on this image.</source>
        <translation>Das Modell %1 ist bei diesem Bild fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="343"/>
        <source>AI error: %1</source>
        <translation>KI-Fehler: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="353"/>
        <source>AI unavailable: %1</source>
        <translation>KI nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ErrorText.cpp" line="364"/>
        <source>Internal error: %1</source>
        <translation>Interner Fehler: %1</translation>
    </message>
</context>
</TS>
