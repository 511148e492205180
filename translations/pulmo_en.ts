<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
    <name>pulmo::app::MainWindow</name>
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
        <source>%1, %Ln file(s) skipped</source>
        <translation>
            <numerusform>%1, %Ln file skipped</numerusform>
            <numerusform>%1, %Ln files skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) were not opened: they are not DICOM images or could not be read.</source>
        <translation>
            <numerusform>%Ln file was not opened: it is not a DICOM image or could not be read.</numerusform>
            <numerusform>%Ln files were not opened: they are not DICOM images or could not be read.</numerusform>
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
        <source>Study retrieved: %Ln image(s) in %1</source>
        <translation>
            <numerusform>Study retrieved: %Ln image in %1</numerusform>
            <numerusform>Study retrieved: %Ln images in %1</numerusform>
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
</context>
</TS>
