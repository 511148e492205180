// The inference plugin behind its LibTorch-free interface: it loads on demand, reports LibTorch
// and its devices, and a missing or foreign library gives a clear reason instead of a crash.
#include "PluginLoader.h"

#include <QtTest>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

using namespace pulmo::inference;

class TestInferencePlugin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plugin_loadsAndReportsLibTorchOnTheCpu()
    {
        std::string error;
        const BackendHandle backend = loadBackend(PULMO_PLUGIN_PATH, &error);
        QVERIFY2(backend, error.c_str());
        const BackendInfo info = backend->info();
        QCOMPARE(QString::fromStdString(info.library), QStringLiteral("LibTorch"));
        QVERIFY(!info.devices.empty());
        QCOMPARE(QString::fromStdString(info.devices.front()), QStringLiteral("cpu"));
        // Debian's LibTorch would use one thread unless told: the plugin asks for every core.
        QCOMPARE(info.cpuThreads, QThread::idealThreadCount());
    }

    void plugin_reportsTheLibTorchVersionItWasBuiltWith()
    {
        // Independent witness: the version of Debian's libtorch package.
        QProcess dpkg;
        dpkg.start(QStringLiteral("dpkg-query"),
                   {QStringLiteral("-W"), QStringLiteral("-f=${Version}"), QStringLiteral("libtorch-dev")});
        QVERIFY(dpkg.waitForFinished(30000));
        const QString packaged = QString::fromUtf8(dpkg.readAllStandardOutput());  // e.g. 1.13.1+dfsg-4
        std::string error;
        const BackendHandle backend = loadBackend(PULMO_PLUGIN_PATH, &error);
        QVERIFY2(backend, error.c_str());
        const QString reported = QString::fromStdString(backend->info().libraryVersion);
        QVERIFY(!reported.isEmpty());
        // Debian's 1.13.1 headers say 1.13.0 in TORCH_VERSION (its patch level is not bumped);
        // major.minor must agree.
        QCOMPARE(reported.section(QLatin1Char('.'), 0, 1), packaged.section(QLatin1Char('.'), 0, 1));
    }

    void missingPlugin_givesAReasonNamingThePath()
    {
        std::string error;
        const BackendHandle backend = loadBackend("/nonexistent/libpulmo_inference_torch.so", &error);
        QVERIFY(!backend);
        QVERIFY(QString::fromStdString(error).startsWith(QStringLiteral("/nonexistent/libpulmo_inference_torch.so: ")));
        QVERIFY(QString::fromStdString(error).contains(QStringLiteral("not found")));
    }

    void foreignLibrary_isRefused()
    {
        std::string error;
        const BackendHandle backend = loadBackend("/usr/lib/x86_64-linux-gnu/libz.so.1", &error);
        QVERIFY(!backend);
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not a Pulmo inference plugin")), error.c_str());
    }

    void defaultPath_honoursTheEnvironmentOverride()
    {
        qputenv("PULMO_INFERENCE_PLUGIN", "/opt/cuda-build/libpulmo_inference_torch.so");
        QCOMPARE(QString::fromStdString(defaultPluginPath()),
                 QStringLiteral("/opt/cuda-build/libpulmo_inference_torch.so"));
        qunsetenv("PULMO_INFERENCE_PLUGIN");
        QVERIFY(QString::fromStdString(defaultPluginPath()).endsWith(QStringLiteral("libpulmo_inference_torch.so")));
    }

    // The install layout, the same in the build tree (README, "Debian packages"): from bin/, the
    // plugin in ../lib/pulmo and the data in ../share/pulmo, found from the program's own place.
    void defaultPaths_followTheProgramsPlace()
    {
        qunsetenv("PULMO_INFERENCE_PLUGIN");
        qunsetenv("PULMO_DATA_DIR");
        const QDir bin(QCoreApplication::applicationDirPath());
        QCOMPARE(bin.dirName(), QStringLiteral("bin"));
        const QString prefix = QFileInfo(bin.absolutePath() + QStringLiteral("/..")).canonicalFilePath();
        QCOMPARE(QFileInfo(QString::fromStdString(privateLibraryDirectory())).canonicalFilePath(),
                 prefix + QStringLiteral("/lib/pulmo"));
        QCOMPARE(QFileInfo(QString::fromStdString(defaultPluginPath())).canonicalFilePath(),
                 prefix + QStringLiteral("/lib/pulmo/libpulmo_inference_torch.so"));
        QCOMPARE(QFileInfo(QString::fromStdString(dataDirectory())).canonicalFilePath(),
                 prefix + QStringLiteral("/share/pulmo"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(dataDirectory()) +
                                  QStringLiteral("/models/pulmo-demo-resnet18.pt")));
        qputenv("PULMO_DATA_DIR", "/srv/pulmo-data");
        QCOMPARE(QString::fromStdString(dataDirectory()), QStringLiteral("/srv/pulmo-data"));
        qunsetenv("PULMO_DATA_DIR");
    }
};

QTEST_GUILESS_MAIN(TestInferencePlugin)
#include "tst_inferenceplugin.moc"
