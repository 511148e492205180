#include "FuzzSupport.h"

#include "dicom/DcmtkLogging.h"

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <unistd.h>

namespace pulmo::fuzz {

namespace {

void ignoreMessage(QtMsgType, const QMessageLogContext&, const QString&) {}

struct Scratch {
    std::string path;
    Scratch()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pulmo-fuzz-XXXXXX";
        if (!::mkdtemp(pattern.data())) finding("cannot create a scratch folder under " + pattern);
        path = pattern;
    }
    ~Scratch()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

void setUp()
{
    static const bool done = [] {
        qInstallMessageHandler(ignoreMessage);
        // The targets that call DCMTK themselves (reading a received dataset) do so before any bridge
        // would have quietened it.
        dicom::ensureDcmtkLogQuiet();
        return true;
    }();
    (void)done;
}

const std::string& scratchFolder()
{
    static const Scratch scratch;
    return scratch.path;
}

std::string writeScratch(const uint8_t* data, size_t size, const std::string& name)
{
    const std::string path = scratchFolder() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) finding("cannot write the scratch file " + path);
    return path;
}

void finding(const std::string& what)
{
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

uint64_t ByteReader::integer(int bytes)
{
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value = (value << 8) | byte();
    return value;
}

std::string ByteReader::text(size_t maximum)
{
    const size_t length = std::min<size_t>(byte(), maximum);
    const size_t available = std::min(length, m_size - std::min(m_used, m_size));
    std::string out(reinterpret_cast<const char*>(m_data + m_used), available);
    m_used += available;
    return out;
}

}  // namespace pulmo::fuzz
