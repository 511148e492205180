#pragma once
// A small JSON reader for model cards: the core builds with LibTorch alone, so it cannot lean on
// Qt's or another library's JSON. Objects, arrays, strings (with \u escapes), numbers, true,
// false, null; nesting is bounded.

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace pulmo::inference {

class JsonValue {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool asBool() const { return m_bool; }
    double asNumber() const { return m_number; }
    const std::string& asString() const { return m_string; }
    const std::vector<JsonValue>& asArray() const { return m_array; }
    const std::map<std::string, JsonValue>& asObject() const { return m_object; }

    bool contains(const std::string& key) const { return m_object.count(key) != 0; }
    /// The member `key` of an object, or a null value.
    const JsonValue& operator[](const std::string& key) const;

    /// Parses a whole document; throws std::runtime_error with the offset of the first problem.
    static JsonValue parse(const std::string& text);

private:
    friend class JsonParser;
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    std::string m_string;
    std::vector<JsonValue> m_array;
    std::map<std::string, JsonValue> m_object;
};

/// Escapes a string for a JSON document (quotes included).
std::string jsonQuote(const std::string& text);

/// The shortest decimal text that reads back as exactly `value` ("0.7", not "0.69999999999999996");
/// `asFloat` looks for the shortest that reads back as the same float. NaN and infinities are
/// "null" (JSON has no such numbers).
std::string jsonNumber(double value, bool asFloat = false);

/// A JSON value for writing: objects keep the order their members were added in, because model
/// cards are read by people as well as by programs.
class OrderedJson {
public:
    using Member = std::pair<std::string, OrderedJson>;

    OrderedJson() = default;  ///< null
    static OrderedJson number(double value, bool asFloat = false);
    static OrderedJson integer(long long value);
    static OrderedJson string(const std::string& value);
    static OrderedJson boolean(bool value);
    static OrderedJson array(std::vector<OrderedJson> items = {});
    static OrderedJson object(std::vector<Member> members = {});
    /// A parsed value (object members then come in key order).
    static OrderedJson from(const JsonValue& value);

    /// Appends a member (objects) or an item (arrays); returns *this.
    OrderedJson& add(const std::string& key, OrderedJson value);
    OrderedJson& push(OrderedJson value);

    /// Indented text (two spaces per level); arrays of plain values stay on one line.
    std::string dump() const;

private:
    void write(std::string& out, int depth) const;

    std::string m_text = "null";  ///< the JSON text of a plain value
    bool m_isArray = false;
    bool m_isObject = false;
    std::vector<OrderedJson> m_items;
    std::vector<Member> m_members;
};

}  // namespace pulmo::inference
