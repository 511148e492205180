<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>%1 of %Ln image(s) did not arrive.</source>
        <translation>
            <numerusform>%1 of %Ln image did not arrive.</numerusform>
            <numerusform>%1 of %Ln images did not arrive.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::DeidentifyDialog</name>
    <message numerus="yes">
        <source>De-identified %Ln file(s) into %1.</source>
        <translation>
            <numerusform>De-identified %Ln file into %1.</numerusform>
            <numerusform>De-identified %Ln files into %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln image(s) left out: their pixels may show identity.</source>
        <translation>
            <numerusform>%Ln image left out: its pixels may show identity.</numerusform>
            <numerusform>%Ln images left out: their pixels may show identity.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) could not be read.</source>
        <translation>
            <numerusform>%Ln file could not be read.</numerusform>
            <numerusform>%Ln files could not be read.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::FeedbackSession</name>
    <message numerus="yes">
        <source>Exported %Ln image(s) into %1; %2 left out.</source>
        <translation>
            <numerusform>Exported %Ln image into %1; %2 left out.</numerusform>
            <numerusform>Exported %Ln images into %1; %2 left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 reviewed, %Ln disagreement(s)</source>
        <translation>
            <numerusform>%1 of %2 reviewed, %Ln disagreement</numerusform>
            <numerusform>%1 of %2 reviewed, %Ln disagreements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::MonitoringDialog</name>
    <message numerus="yes">
        <source>Model monitoring: %n open alarm(s) (%1). See AI &gt; Model Monitoring.</source>
        <translation>
            <numerusform>Model monitoring: %n open alarm (%1). See AI &gt; Model Monitoring.</numerusform>
            <numerusform>Model monitoring: %n open alarms (%1). See AI &gt; Model Monitoring.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reference: %1 to %2, %n image(s).</source>
        <translation>
            <numerusform>Reference: %1 to %2, %n image.</numerusform>
            <numerusform>Reference: %1 to %2, %n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open alarm(s).</source>
        <translation>
            <numerusform>%n open alarm.</numerusform>
            <numerusform>%n open alarms.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsBrowser</name>
    <message numerus="yes">
        <source>%Ln study(s) on %1</source>
        <translation>
            <numerusform>%Ln study on %1</numerusform>
            <numerusform>%Ln studies on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>done: %Ln image(s)</source>
        <translation>
            <numerusform>done: %Ln image</numerusform>
            <numerusform>done: %Ln images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>cancelled: %Ln image(s) here</source>
        <translation>
            <numerusform>cancelled: %Ln image here</numerusform>
            <numerusform>cancelled: %Ln images here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrieving %Ln study(s) from %1...</source>
        <translation>
            <numerusform>Retrieving %Ln study from %1...</numerusform>
            <numerusform>Retrieving %Ln studies from %1...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>incomplete: %1 of %Ln image(s), %2 missing</source>
        <translation>
            <numerusform>incomplete: %1 of %Ln image, %2 missing</numerusform>
            <numerusform>incomplete: %1 of %Ln images, %2 missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrieved %1: %Ln image(s)</source>
        <translation>
            <numerusform>Retrieved %1: %Ln image</numerusform>
            <numerusform>Retrieved %1: %Ln images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::SkippedFilesDialog</name>
    <message numerus="yes">
        <source>%Ln file(s) look like images but cannot be read: a copy may have been cut short, or the file is damaged or of a kind Pulmo does not support.</source>
        <translation>
            <numerusform>%Ln file looks like an image but cannot be read: a copy may have been cut short, or the file is damaged or of a kind Pulmo does not support.</numerusform>
            <numerusform>%Ln files look like images but cannot be read: a copy may have been cut short, or the files are damaged or of a kind Pulmo does not support.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln other file(s) are not images (text, JSON, reports, DICOMDIR) and were left aside.</source>
        <translation>
            <numerusform>%Ln other file is not an image (text, JSON, reports, DICOMDIR) and was left aside.</numerusform>
            <numerusform>%Ln other files are not images (text, JSON, reports, DICOMDIR) and were left aside.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::StatusLine</name>
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
            <numerusform>%Ln study</numerusform>
            <numerusform>%Ln studies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln other file(s)</source>
        <translation>
            <numerusform>%1, %Ln other file</numerusform>
            <numerusform>%1, %Ln other files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln unreadable</source>
        <translation>
            <numerusform>%1, %Ln unreadable</numerusform>
            <numerusform>%1, %Ln unreadable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Audit: %n row(s) waiting for the repository</source>
        <translation>
            <numerusform>Audit: %n row waiting for the repository</numerusform>
            <numerusform>Audit: %n rows waiting for the repository</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::StudyBrowserPanel</name>
    <message numerus="yes">
        <source>%1 of %n study(ies) shown</source>
        <translation>
            <numerusform>%1 of %n study shown</numerusform>
            <numerusform>%1 of %n studies shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::StudyExports</name>
    <message numerus="yes">
        <source>The study on screen (%Ln file(s))</source>
        <translation>
            <numerusform>The study on screen (%Ln file)</numerusform>
            <numerusform>The study on screen (%Ln files)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::StudyBrowserModel</name>
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
            <numerusform>%n series</numerusform>
            <numerusform>%n series</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s) reviewed</source>
        <translation>
            <numerusform>%1 of %n image reviewed</numerusform>
            <numerusform>%1 of %n images reviewed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read: %1</source>
        <translation>
            <numerusform>%n image cannot be read: %1</numerusform>
            <numerusform>%n images cannot be read: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n report(s) or other document(s)</source>
        <translation>
            <numerusform>and %n report or other document</numerusform>
            <numerusform>and %n reports or other documents</numerusform>
        </translation>
    </message>
</context>
</TS>
