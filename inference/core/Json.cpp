#include "Json.h"

#include <cstdlib>
#include <cstdio>

namespace pulmo::inference {

class JsonParser {
public:
    explicit JsonParser(const std::string& text) : m_text(text) {}

    JsonValue document()
    {
        JsonValue value = parseValue(0);
        skipSpace();
        if (m_position != m_text.size()) fail("trailing characters");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(m_position));
    }

    void skipSpace()
    {
        while (m_position < m_text.size() &&
               (m_text[m_position] == ' ' || m_text[m_position] == '\n' || m_text[m_position] == '\r' ||
                m_text[m_position] == '\t'))
            ++m_position;
    }

    bool consume(const char* word)
    {
        const std::string token(word);
        if (m_text.compare(m_position, token.size(), token) != 0) return false;
        m_position += token.size();
        return true;
    }

    JsonValue parseValue(int depth)
    {
        if (depth > 64) fail("nesting too deep");
        skipSpace();
        if (m_position >= m_text.size()) fail("unexpected end");
        JsonValue value;
        const char c = m_text[m_position];
        if (c == '{') {
            value.m_type = JsonValue::Type::Object;
            ++m_position;
            skipSpace();
            if (m_position < m_text.size() && m_text[m_position] == '}') {
                ++m_position;
                return value;
            }
            while (true) {
                skipSpace();
                if (m_position >= m_text.size() || m_text[m_position] != '"') fail("expected a key");
                std::string key = parseString();
                skipSpace();
                if (m_position >= m_text.size() || m_text[m_position] != ':') fail("expected ':'");
                ++m_position;
                value.m_object[key] = parseValue(depth + 1);
                skipSpace();
                if (m_position < m_text.size() && m_text[m_position] == ',') {
                    ++m_position;
                    continue;
                }
                if (m_position < m_text.size() && m_text[m_position] == '}') {
                    ++m_position;
                    return value;
                }
                fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            value.m_type = JsonValue::Type::Array;
            ++m_position;
            skipSpace();
            if (m_position < m_text.size() && m_text[m_position] == ']') {
                ++m_position;
                return value;
            }
            while (true) {
                value.m_array.push_back(parseValue(depth + 1));
                skipSpace();
                if (m_position < m_text.size() && m_text[m_position] == ',') {
                    ++m_position;
                    continue;
                }
                if (m_position < m_text.size() && m_text[m_position] == ']') {
                    ++m_position;
                    return value;
                }
                fail("expected ',' or ']'");
            }
        }
        if (c == '"') {
            value.m_type = JsonValue::Type::String;
            value.m_string = parseString();
            return value;
        }
        if (consume("true")) {
            value.m_type = JsonValue::Type::Bool;
            value.m_bool = true;
            return value;
        }
        if (consume("false")) {
            value.m_type = JsonValue::Type::Bool;
            return value;
        }
        if (consume("null")) return value;
        const char* start = m_text.c_str() + m_position;
        char* end = nullptr;
        value.m_number = std::strtod(start, &end);
        if (end == start) fail("unexpected character");
        value.m_type = JsonValue::Type::Number;
        m_position += size_t(end - start);
        return value;
    }

    void appendUtf8(std::string& out, unsigned code)
    {
        if (code < 0x80) {
            out += char(code);
        } else if (code < 0x800) {
            out += char(0xC0 | (code >> 6));
            out += char(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += char(0xE0 | (code >> 12));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else {
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        }
    }

    unsigned parseHex4()
    {
        if (m_position + 4 > m_text.size()) fail("short \\u escape");
        const std::string digits = m_text.substr(m_position, 4);
        char* end = nullptr;
        const unsigned long code = std::strtoul(digits.c_str(), &end, 16);
        if (end != digits.c_str() + 4) fail("bad \\u escape");
        m_position += 4;
        return unsigned(code);
    }

    std::string parseString()
    {
        ++m_position;  // opening quote
        std::string out;
        while (m_position < m_text.size()) {
            const char c = m_text[m_position++];
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_position >= m_text.size()) break;
            const char escape = m_text[m_position++];
            switch (escape) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned code = parseHex4();
                if (code >= 0xD800 && code < 0xDC00 && m_text.compare(m_position, 2, "\\u") == 0) {
                    m_position += 2;
                    const unsigned low = parseHex4();
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, code);
                break;
            }
            default: fail("bad escape");
            }
        }
        fail("unterminated string");
    }

    const std::string& m_text;
    size_t m_position = 0;
};

const JsonValue& JsonValue::operator[](const std::string& key) const
{
    static const JsonValue null;
    const auto found = m_object.find(key);
    return found == m_object.end() ? null : found->second;
}

JsonValue JsonValue::parse(const std::string& text)
{
    return JsonParser(text).document();
}

std::string jsonQuote(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof(buffer), "\\u%04x", unsigned(static_cast<unsigned char>(c)));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

}  // namespace pulmo::inference
