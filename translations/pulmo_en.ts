<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>pulmo::app::FeedbackSession</name>
    <message numerus="yes">
        <source>Exported %n image(s) into %1; %2 left out.</source>
        <translation>
            <numerusform>Exported %n image into %1; %2 left out.</numerusform>
            <numerusform>Exported %n images into %1; %2 left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 reviewed, %n disagreement(s)</source>
        <translation>
            <numerusform>%1 of %2 reviewed, %n disagreement</numerusform>
            <numerusform>%1 of %2 reviewed, %n disagreements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::MainWindow</name>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n study(s)</source>
        <translation>
            <numerusform>%n study</numerusform>
            <numerusform>%n studies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n file(s) skipped</source>
        <translation>
            <numerusform>%1, %n file skipped</numerusform>
            <numerusform>%1, %n files skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) were not opened: they are not DICOM images or could not be read.</source>
        <translation>
            <numerusform>%n file was not opened: it is not a DICOM image or could not be read.</numerusform>
            <numerusform>%n files were not opened: they are not DICOM images or could not be read.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::app::PacsBrowser</name>
    <message numerus="yes">
        <source>%n study(s) on %1</source>
        <translation>
            <numerusform>%n study on %1</numerusform>
            <numerusform>%n studies on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>done: %n image(s)</source>
        <translation>
            <numerusform>done: %n image</numerusform>
            <numerusform>done: %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>cancelled: %n image(s) here</source>
        <translation>
            <numerusform>cancelled: %n image here</numerusform>
            <numerusform>cancelled: %n images here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Study retrieved: %n image(s) in %1</source>
        <translation>
            <numerusform>Study retrieved: %n image in %1</numerusform>
            <numerusform>Study retrieved: %n images in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulmo::viewer::StudyBrowserModel</name>
    <message numerus="yes">
        <source>%n study(s)</source>
        <translation>
            <numerusform>%n study</numerusform>
            <numerusform>%n studies</numerusform>
        </translation>
    </message>
</context>
</TS>
