#pragma once
// A failure of the study index's own database: its kind and the file, so that the application can
// word it in the user's language; what() in English ("FILE: reason") for the CLI and logs.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pulmo::index {

class IndexError : public std::runtime_error {
public:
    /// The parameters each kind carries (arguments()) are listed beside it; the file is path().
    enum class Kind {
        CannotOpen,  ///< SQLite's reason (English, for logs)
        Damaged,     ///< - (damaged, and it could not be replaced)
        Failed,      ///< SQLite's reason (English, for logs): a query or update failed
        Corrupt,     ///< SQLite's reason (English, for logs): found damaged while in use (replaced when next opened)
    };
    static constexpr Kind kLastKind = Kind::Corrupt;

    IndexError(Kind kind, std::string path, const std::string& message, std::vector<std::string> arguments = {})
        : std::runtime_error(message), m_kind(kind), m_path(std::move(path)), m_arguments(std::move(arguments))
    {
    }

    Kind kind() const noexcept { return m_kind; }
    const std::string& path() const noexcept { return m_path; }
    const std::vector<std::string>& arguments() const noexcept { return m_arguments; }

private:
    Kind m_kind;
    std::string m_path;
    std::vector<std::string> m_arguments;
};

}  // namespace pulmo::index
