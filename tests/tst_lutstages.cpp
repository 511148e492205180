// Each LUT stage against hand-computed values from the formulas of PS3.3 C.11.
#include "dicom/DecodedImage.h"
#include "dicom/DisplayPipeline.h"
#include "dicom/LutStages.h"

#include <QtTest>

#include <cmath>

using namespace pulmo::dicom;

class TestLutStages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modalityRescale_appliesSlopeThenIntercept()
    {
        ModalityTransform modality;
        modality.kind = ModalityTransform::Kind::Rescale;
        modality.slope = 2.5;
        modality.intercept = -1024.0;
        QCOMPARE(modality.apply(100.0), -774.0);  // 100 * 2.5 - 1024
        QCOMPARE(modality.apply(0.0), -1024.0);
    }

    void modalityLut_clampsBelowFirstAndAboveLastEntry()
    {
        ModalityTransform modality;
        modality.kind = ModalityTransform::Kind::Lut;
        modality.lut.firstMapped = 10;
        modality.lut.bitsPerEntry = 12;
        modality.lut.entries = {100, 200, 300, 400};
        QCOMPARE(modality.apply(5.0), 100.0);  // below the first mapped value: first entry
        QCOMPARE(modality.apply(10.0), 100.0);
        QCOMPARE(modality.apply(12.0), 300.0);  // entry 12 - 10 = 2
        QCOMPARE(modality.apply(13.0), 400.0);
        QCOMPARE(modality.apply(99.0), 400.0);  // past the end: last entry
    }

    void linearWindow_followsC11_2_1_2()
    {
        // c = 40, w = 400: lower edge c - 0.5 - (w-1)/2 = -160, upper edge c - 0.5 + (w-1)/2 = 239.
        QCOMPARE(applyWindow(-160.0, 40, 400, VoiFunction::Linear, 0, 255), 0.0);
        QCOMPARE(applyWindow(-500.0, 40, 400, VoiFunction::Linear, 0, 255), 0.0);
        QCOMPARE(applyWindow(239.5, 40, 400, VoiFunction::Linear, 0, 255), 255.0);
        // x = 40: ((40 - 39.5) / 399 + 0.5) * 255 = 127.81954887...
        QVERIFY(std::abs(applyWindow(40.0, 40, 400, VoiFunction::Linear, 0, 255) - 127.8195488721804) < 1e-9);
        // x = 239 is still inside: ((239 - 39.5) / 399 + 0.5) * 255 = 255
        QVERIFY(std::abs(applyWindow(239.0, 40, 400, VoiFunction::Linear, 0, 255) - 255.0) < 1e-9);
        // x = -159: ((-159 - 39.5) / 399 + 0.5) * 255 = 0.6390977...
        QVERIFY(std::abs(applyWindow(-159.0, 40, 400, VoiFunction::Linear, 0, 255) - 0.6390977443609) < 1e-9);
    }

    void linearWindow_ofWidthOneIsAThreshold()
    {
        QCOMPARE(applyWindow(99.0, 100, 1, VoiFunction::Linear, 0, 255), 0.0);
        QCOMPARE(applyWindow(100.0, 100, 1, VoiFunction::Linear, 0, 255), 255.0);
    }

    void linearExactWindow_followsC11_2_1_3_2()
    {
        QCOMPARE(applyWindow(0.0, 100, 200, VoiFunction::LinearExact, 0, 255), 0.0);       // x <= c - w/2
        QCOMPARE(applyWindow(150.0, 100, 200, VoiFunction::LinearExact, 0, 255), 191.25);  // (50/200 + .5) * 255
        QCOMPARE(applyWindow(200.0, 100, 200, VoiFunction::LinearExact, 0, 255), 255.0);   // x = c + w/2
        QCOMPARE(applyWindow(201.0, 100, 200, VoiFunction::LinearExact, 0, 255), 255.0);
    }

    void sigmoidWindow_followsC11_2_1_3_1()
    {
        QCOMPARE(applyWindow(100.0, 100, 200, VoiFunction::Sigmoid, 0, 255), 127.5);
        // 255 / (1 + exp(-4 * 100 / 200)) = 255 / 1.1353352832366 = 224.6032548843...
        QVERIFY(std::abs(applyWindow(200.0, 100, 200, VoiFunction::Sigmoid, 0, 255) - 224.6032548843) < 1e-9);
    }

    void voiLut_isScaledByItsBitDepth()
    {
        VoiPreset voi;
        voi.kind = VoiPreset::Kind::Lut;
        voi.lut.firstMapped = 0;
        voi.lut.bitsPerEntry = 10;
        voi.lut.entries = {0, 1023, 511};
        QCOMPARE(applyVoi(voi, 0.0), 0.0);
        QCOMPARE(applyVoi(voi, 1.0), 255.0);
        QVERIFY(std::abs(applyVoi(voi, 2.0) - 511.0 / 1023.0 * 255.0) < 1e-12);
        QCOMPARE(applyVoi(voi, 7.0), applyVoi(voi, 2.0));  // past the end: last entry
    }

    void presentation_inverseMirrorsTheRange()
    {
        QCOMPARE(applyPresentation(0.0, true), 255.0);
        QCOMPARE(applyPresentation(55.0, true), 200.0);
        QCOMPARE(applyPresentation(55.0, false), 55.0);
    }

    void displayLevel_roundsToNearestAndClamps()
    {
        QCOMPARE(int(toDisplayLevel(127.49)), 127);
        QCOMPARE(int(toDisplayLevel(127.5)), 128);
        QCOMPARE(int(toDisplayLevel(-3.0)), 0);
        QCOMPARE(int(toDisplayLevel(300.0)), 255);
        QCOMPARE(int(toDisplayLevel(std::nan(""))), 0);
    }

    void fastPathTable_equalsTheStageByStageChain_forSignedRescaledMonochrome1()
    {
        ImageInfo info;
        info.rows = 1;
        info.columns = 4096;
        info.bitsAllocated = 16;
        info.bitsStored = 12;
        info.highBit = 11;
        info.pixelRepresentation = 1;
        info.photometricInterpretation = "MONOCHROME1";
        info.modalityTransform.kind = ModalityTransform::Kind::Rescale;
        info.modalityTransform.slope = 0.5;
        info.modalityTransform.intercept = 100.0;
        info.voiPresets.push_back(VoiPreset::window(150.0, 300.0, VoiFunction::Sigmoid));
        auto image = std::make_shared<DecodedImage>(info, DecodedImage::Storage::NarrowGray);
        for (int i = 0; i < 4096; ++i) image->narrowBuffer().push_back(uint16_t(i));  // every stored value
        DisplayPipeline pipeline(image);
        const std::vector<uint8_t> rendered = pipeline.render();
        for (int i = 0; i < 4096; ++i) {
            const double stored = double(i - 2048);  // index -> signed 12-bit stored value
            const double modality = stored * 0.5 + 100.0;
            const double voi = 255.0 / (1.0 + std::exp(-4.0 * (modality - 150.0) / 300.0));
            const int expected = int(std::floor(255.0 - voi + 0.5));
            QCOMPARE(int(rendered[size_t(i)]), expected);
        }
    }

    void fullRange_mapsFrameMinimumToBlackAndMaximumToWhite()
    {
        ImageInfo info;
        info.rows = 1;
        info.columns = 3;
        info.bitsAllocated = 16;
        info.bitsStored = 16;
        info.highBit = 15;
        info.photometricInterpretation = "MONOCHROME2";
        auto image = std::make_shared<DecodedImage>(info, DecodedImage::Storage::NarrowGray);
        image->narrowBuffer() = {1000, 3000, 2000};
        DisplayPipeline pipeline(image);
        QVERIFY(pipeline.voi().function == VoiFunction::LinearExact);
        const std::vector<uint8_t> rendered = pipeline.render();
        QCOMPARE(int(rendered[0]), 0);
        QCOMPARE(int(rendered[1]), 255);
        QCOMPARE(int(rendered[2]), 128);  // (2000 - 1000) / 2000 * 255 = 127.5 -> 128
        pipeline.setUserInvert(true);
        QCOMPARE(int(pipeline.render()[0]), 255);
    }
};

QTEST_GUILESS_MAIN(TestLutStages)
#include "tst_lutstages.moc"
