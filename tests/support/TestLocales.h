#pragma once
// The locales the locale tests run under, and switching the C library's locale for a scope. A
// missing locale fails the test that needs it (scripts/install-deps.sh generates them); it is never
// a reason to skip.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>

#include <clocale>
#include <string>

namespace pulmo::test {

/// C, and two with a decimal comma.
inline const char* const kTestLocales[] = {"C", "de_DE.UTF-8", "fr_FR.UTF-8"};

/// setlocale(LC_ALL, name) for the life of the object, then the previous locale again.
class ScopedLocale {
public:
    explicit ScopedLocale(const char* name)
    {
        const char* previous = std::setlocale(LC_ALL, nullptr);
        m_previous = previous ? previous : "C";
        m_ok = std::setlocale(LC_ALL, name) != nullptr;
    }
    ~ScopedLocale() { std::setlocale(LC_ALL, m_previous.c_str()); }
    ScopedLocale(const ScopedLocale&) = delete;
    ScopedLocale& operator=(const ScopedLocale&) = delete;

    /// False when the locale is not installed (the locale is then unchanged).
    bool ok() const { return m_ok; }
    /// The decimal point the C library uses now ("," under de_DE and fr_FR).
    static QByteArray decimalPoint() { return QByteArray(std::localeconv()->decimal_point); }

private:
    std::string m_previous;
    bool m_ok = false;
};

/// Why `name` cannot be used, or empty when it can: installed, and with the decimal separator it
/// should have ('.' for C, ',' for the others).
inline QString localeProblem(const char* name)
{
    const ScopedLocale locale(name);
    if (!locale.ok())
        return QStringLiteral("locale %1 is not installed (scripts/install-deps.sh generates it; see locale -a)")
            .arg(QLatin1String(name));
    const QByteArray expected = QByteArray(name) == "C" ? "." : ",";
    if (ScopedLocale::decimalPoint() != expected)
        return QStringLiteral("locale %1 has decimal point '%2', expected '%3'")
            .arg(QLatin1String(name), QString::fromLatin1(ScopedLocale::decimalPoint()), QString::fromLatin1(expected));
    return {};
}

/// This process's environment with LC_ALL and LANG set to `name` (LANGUAGE removed), for running
/// pulmo-cli or pulmo under it as a user of that locale. The programs are asked to keep the user's
/// LC_NUMERIC (PULMO_TEST_KEEP_USER_NUMERIC_LOCALE, app/common/NumericLocale.h): a test then shows
/// that their numbers do not depend on the C library's locale, not merely that the safety net holds.
inline QProcessEnvironment environmentWithLocale(const char* name)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("LANGUAGE"));
    environment.insert(QStringLiteral("LC_ALL"), QString::fromLatin1(name));
    environment.insert(QStringLiteral("LANG"), QString::fromLatin1(name));
    environment.insert(QStringLiteral("PULMO_TEST_KEEP_USER_NUMERIC_LOCALE"), QStringLiteral("1"));
    return environment;
}

}  // namespace pulmo::test
