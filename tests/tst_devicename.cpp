// The one device-name parser (inference/api/DeviceName.h), used by the plugin, every pulmo-cli
// sub-command with --device, and the window's preferences: good and bad spellings, and the CLI
// refusing a bad one before it loads anything. Plain C++, no model, no LibTorch.
#include "DeviceName.h"
#include "InferenceError.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace pulmo::inference;

Q_DECLARE_METATYPE(DeviceName::Kind)

class TestDeviceName : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_acceptsTheFourSpellings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<DeviceName::Kind>("kind");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("auto") << "auto" << DeviceName::Kind::Auto << 0 << "auto";
        QTest::newRow("cpu") << "cpu" << DeviceName::Kind::Cpu << 0 << "cpu";
        QTest::newRow("cuda") << "cuda" << DeviceName::Kind::Cuda << 0 << "cuda:0";
        QTest::newRow("cuda:0") << "cuda:0" << DeviceName::Kind::Cuda << 0 << "cuda:0";
        QTest::newRow("cuda:1") << "cuda:1" << DeviceName::Kind::Cuda << 1 << "cuda:1";
        QTest::newRow("cuda:12") << "cuda:12" << DeviceName::Kind::Cuda << 12 << "cuda:12";
        QTest::newRow("cuda:2147483647") << "cuda:2147483647" << DeviceName::Kind::Cuda << 2147483647
                                         << "cuda:2147483647";
    }

    void parse_acceptsTheFourSpellings()
    {
        QFETCH(QString, text);
        QFETCH(DeviceName::Kind, kind);
        QFETCH(int, index);
        QFETCH(QString, canonical);
        const std::optional<DeviceName> name = parseDeviceName(text.toStdString());
        QVERIFY(name.has_value());
        QVERIFY(name->kind == kind);
        QCOMPARE(name->index, index);
        QCOMPARE(QString::fromStdString(name->toString()), canonical);
        // The canonical spelling reads back as the same device.
        QVERIFY(parseDeviceName(name->toString()) == name);
        QVERIFY(requireDeviceName(text.toStdString()) == *name);
    }

    void parse_refusesEverythingElse_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* bad : {"",
                                "cuda:",
                                "cuda:-1",
                                "cuda:x",
                                "cuda:1x",
                                "cuda:1 ",
                                " cuda:1",
                                "cuda: 1",
                                "cuda:+1",
                                "cuda:01",
                                "cuda:1.0",
                                "cuda:2147483648",
                                "cuda:99999999999",
                                "CPU",
                                "Cpu",
                                "CUDA",
                                "Auto",
                                "auto ",
                                "cpu:0",
                                "cuda0",
                                "cuda1",
                                "cudax",
                                "gpu",
                                "mps",
                                "cuda:0:1"})
            QTest::newRow(bad[0] ? bad : "(empty)") << QString::fromLatin1(bad);
    }

    void parse_refusesEverythingElse()
    {
        QFETCH(QString, text);
        QVERIFY(!parseDeviceName(text.toStdString()).has_value());
        try {
            requireDeviceName(text.toStdString());
            QFAIL("requireDeviceName accepted it");
        } catch (const InferenceError& error) {
            QVERIFY(error.kind() == InferenceError::Kind::DeviceUnavailable);
            QCOMPARE(error.arguments(), std::vector<std::string>{text.toStdString()});
            QCOMPARE(QString::fromUtf8(error.what()),
                     QStringLiteral("unknown device '%1' (auto, cpu, cuda or cuda:N)").arg(text));
        }
    }

    void parse_takesNoTrailingTextBeyondTheView()
    {
        // A view into a longer buffer: only its own characters count.
        const std::string buffer = "cuda:12345";
        const std::optional<DeviceName> name = parseDeviceName(std::string_view(buffer).substr(0, 6));
        QVERIFY(name.has_value());
        QCOMPARE(name->index, 1);
    }

    void cli_refusesABadDeviceAsAUsageError_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("device");
        for (const char* command : {"infer", "evaluate", "train"})
            for (const char* device : {"CPU", "cuda:", "cuda:x", "cuda:-1", "cuda:1 "})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(command), QLatin1String(device))))
                    << QString::fromLatin1(command) << QString::fromLatin1(device);
    }

    void cli_refusesABadDeviceAsAUsageError()
    {
        QFETCH(QString, command);
        QFETCH(QString, device);
        QTemporaryDir work;
        QVERIFY(work.isValid());
        QStringList arguments{command, QStringLiteral("--device"), device};
        if (command == QLatin1String("infer"))
            arguments << QStringLiteral("--model") << work.filePath("m.pt") << work.path();
        if (command == QLatin1String("evaluate"))
            arguments << QStringLiteral("--model") << work.filePath("m.pt") << work.path();
        if (command == QLatin1String("train"))
            arguments << QStringLiteral("--data") << work.path() << QStringLiteral("--out") << work.filePath("m.pt");
        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH), arguments);
        QVERIFY(cli.waitForFinished(60000));
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 2);  // a usage error, found before any model or data is read
        QVERIFY2(err.contains(QStringLiteral("--device takes auto, cpu, cuda or cuda:N, not '%1'").arg(device)),
                 qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestDeviceName)
#include "tst_devicename.moc"
