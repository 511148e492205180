#pragma once
// What the fuzz targets share (tests/fuzz). Each target is one LLVMFuzzerTestOneInput: built with
// libFuzzer (-DPULMO_FUZZ=ON, clang, ASan + UBSan) as bin/fuzz_<name>, and in every build as
// bin/replay_<name> (ReplayMain.cpp), which runs the committed regression files and seeds once each
// under ctest. A target aborts (a finding) when the code under test breaks a promise it makes:
// an exception of a kind it does not document, a file outside its folder, a value it claims to check.

#include <cstddef>
#include <cstdint>
#include <string>

namespace pulmo::fuzz {

/// Once per process: Qt's messages and DCMTK's log silenced (a fuzzer runs millions of inputs).
void setUp();
/// This process's private scratch folder (under $TMPDIR or /tmp), removed at exit.
const std::string& scratchFolder();
/// Writes the input to `name` in the scratch folder (replacing it); its path.
std::string writeScratch(const uint8_t* data, size_t size, const std::string& name);
/// Ends the process as a finding: `what` on stderr, then abort() (libFuzzer keeps the input).
[[noreturn]] void finding(const std::string& what);

/// Reads typed values off the input's bytes, front to back; zeros once it is used up.
class ByteReader {
public:
    ByteReader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
    uint8_t byte() { return m_used < m_size ? m_data[m_used++] : 0; }
    uint64_t integer(int bytes);
    /// Up to `maximum` bytes: a length byte, then that many bytes.
    std::string text(size_t maximum);
    std::string rest() { return std::string(reinterpret_cast<const char*>(m_data + m_used), m_size - m_used); }
    bool empty() const { return m_used >= m_size; }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_used = 0;
};

}  // namespace pulmo::fuzz
