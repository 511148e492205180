#include "Json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

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
        while (m_position < m_text.size() && (m_text[m_position] == ' ' || m_text[m_position] == '\n' ||
                                              m_text[m_position] == '\r' || m_text[m_position] == '\t'))
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
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
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
                default:
                    fail("bad escape");
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
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
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

std::string jsonNumber(double value, bool asFloat)
{
    if (!std::isfinite(value)) return "null";
    char buffer[40];
    if (value == std::trunc(value) && std::abs(value) < 1e15) {  // "600", not "6e+02"
        std::snprintf(buffer, sizeof(buffer), "%.0f", value);
        return buffer;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
        const double back = std::strtod(buffer, nullptr);
        if (asFloat ? float(back) == float(value) : back == value) break;
    }
    return buffer;
}

OrderedJson OrderedJson::number(double value, bool asFloat)
{
    OrderedJson json;
    json.m_text = jsonNumber(value, asFloat);
    return json;
}

OrderedJson OrderedJson::integer(long long value)
{
    OrderedJson json;
    json.m_text = std::to_string(value);
    return json;
}

OrderedJson OrderedJson::string(const std::string& value)
{
    OrderedJson json;
    json.m_text = jsonQuote(value);
    return json;
}

OrderedJson OrderedJson::boolean(bool value)
{
    OrderedJson json;
    json.m_text = value ? "true" : "false";
    return json;
}

OrderedJson OrderedJson::array(std::vector<OrderedJson> items)
{
    OrderedJson json;
    json.m_isArray = true;
    json.m_items = std::move(items);
    return json;
}

OrderedJson OrderedJson::object(std::vector<Member> members)
{
    OrderedJson json;
    json.m_isObject = true;
    json.m_members = std::move(members);
    return json;
}

OrderedJson OrderedJson::from(const JsonValue& value)
{
    switch (value.type()) {
        case JsonValue::Type::Null:
            return {};
        case JsonValue::Type::Bool:
            return boolean(value.asBool());
        case JsonValue::Type::Number:
            return number(value.asNumber());
        case JsonValue::Type::String:
            return string(value.asString());
        case JsonValue::Type::Array: {
            OrderedJson json = array();
            for (const JsonValue& item : value.asArray()) json.push(from(item));
            return json;
        }
        case JsonValue::Type::Object: {
            OrderedJson json = object();
            for (const auto& [key, item] : value.asObject()) json.add(key, from(item));
            return json;
        }
    }
    return {};
}

OrderedJson& OrderedJson::add(const std::string& key, OrderedJson value)
{
    if (!m_isObject) throw std::logic_error("OrderedJson::add on a value that is not an object");
    m_members.emplace_back(key, std::move(value));
    return *this;
}

OrderedJson& OrderedJson::push(OrderedJson value)
{
    if (!m_isArray) throw std::logic_error("OrderedJson::push on a value that is not an array");
    m_items.push_back(std::move(value));
    return *this;
}

std::string OrderedJson::dump() const
{
    std::string out;
    write(out, 0);
    return out + "\n";
}

void OrderedJson::write(std::string& out, int depth) const
{
    const std::string indent(size_t(2 * (depth + 1)), ' ');
    const std::string closing(size_t(2 * depth), ' ');
    if (m_isObject) {
        if (m_members.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        for (size_t i = 0; i < m_members.size(); ++i) {
            out += indent + jsonQuote(m_members[i].first) + ": ";
            m_members[i].second.write(out, depth + 1);
            out += i + 1 < m_members.size() ? ",\n" : "\n";
        }
        out += closing + "}";
    } else if (m_isArray) {
        const bool flat = std::none_of(m_items.begin(), m_items.end(),
                                       [](const OrderedJson& item) { return item.m_isArray || item.m_isObject; });
        if (flat || m_items.empty()) {
            out += "[";
            for (size_t i = 0; i < m_items.size(); ++i) out += (i ? ", " : "") + m_items[i].m_text;
            out += "]";
            return;
        }
        out += "[\n";
        for (size_t i = 0; i < m_items.size(); ++i) {
            out += indent;
            m_items[i].write(out, depth + 1);
            out += i + 1 < m_items.size() ? ",\n" : "\n";
        }
        out += closing + "]";
    } else {
        out += m_text;
    }
}

}  // namespace pulmo::inference
