#pragma once
// The error type of model loading and inference: a kind and its parameters, so that the
// application can word it in the user's language, and what() in English for the CLI and logs.
// Header-only and standard-library-only: the plugin throws it across the plugin boundary (its
// layout is part of kPluginAbiVersion), and the worker hands it on as a plain value.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pulmo::inference {

class InferenceError : public std::runtime_error {
public:
    /// What went wrong. The parameters each kind carries (arguments()) are listed beside it.
    enum class Kind {
        PluginMissing,      ///< plugin path
        PluginUnloadable,   ///< plugin path, the loader's reason (English, for logs)
        PluginAbiMismatch,  ///< plugin path, the interface version this program expects
        NoModelConfigured,  ///< -
        ModelMissing,       ///< model path
        NotAModel,          ///< model path, detail (English, for logs)
        CardUnreadable,     ///< card path, detail (English, for logs), card problem (NotJson or NotAnObject)
        CardInvalid,        ///< card path, field, requirement (English, for logs), card problem, its parameters
        ModelCardMismatch,  ///< model path, outputs of the model, classes named by the card
        DeviceUnavailable,  ///< the device asked for ("cuda:1")
        InferenceFailed,    ///< model path, detail (English, for logs)
        AiProcessFailed,    ///< pulmo-ai-host's path, detail (English, for logs): not started, or it stopped
        Other,              ///< the English reason; rare internal failures only
    };
    static constexpr Kind kLastKind = Kind::Other;

    InferenceError(Kind kind, std::string message, std::vector<std::string> arguments = {})
        : std::runtime_error(message), m_kind(kind), m_arguments(std::move(arguments))
    {
        if (m_kind == Kind::Other && m_arguments.empty()) m_arguments.push_back(std::move(message));
    }

    Kind kind() const noexcept { return m_kind; }
    const std::vector<std::string>& arguments() const noexcept { return m_arguments; }

private:
    Kind m_kind;
    std::vector<std::string> m_arguments;
};

/// Why a model card was refused, for the user's language: its name (toString()) is argument 2 of
/// Kind::CardUnreadable and argument 3 of Kind::CardInvalid, its parameters (listed beside it, numbers
/// without a locale) follow it. Plain strings, so that they cross the plugin boundary as they are.
enum class CardProblem {
    NotJson,                     ///< - (CardUnreadable)
    NotAnObject,                 ///< - (CardUnreadable: JSON, but not an object)
    MustBeString,                ///< -
    MustBeLabelList,             ///< the least number of labels
    MustBeNonEmptyStrings,       ///< -
    NotALabel,                   ///< the value
    MustBeWholeNumberInRange,    ///< least, greatest (both allowed)
    MustBeThreeNumbers,          ///< -
    MustBeThreeFiniteNumbers,    ///< the item (from 1) that is not
    MustBeThreePositiveNumbers,  ///< the item (from 1) that is not
    UnsupportedValue,            ///< the value, the supported values ("bilinear_antialias, bilinear")
    MustBeNumberInRange,         ///< lower bound (excluded), upper bound (allowed)
    MustBeBoolean,               ///< -
};
constexpr CardProblem kLastCardProblem = CardProblem::MustBeBoolean;

/// A stable lower-case name of the card problem ("must_be_string").
inline const char* toString(CardProblem problem)
{
    switch (problem) {
        case CardProblem::NotJson:
            return "not_json";
        case CardProblem::NotAnObject:
            return "not_an_object";
        case CardProblem::MustBeString:
            return "must_be_string";
        case CardProblem::MustBeLabelList:
            return "must_be_label_list";
        case CardProblem::MustBeNonEmptyStrings:
            return "must_be_non_empty_strings";
        case CardProblem::NotALabel:
            return "not_a_label";
        case CardProblem::MustBeWholeNumberInRange:
            return "must_be_whole_number_in_range";
        case CardProblem::MustBeThreeNumbers:
            return "must_be_three_numbers";
        case CardProblem::MustBeThreeFiniteNumbers:
            return "must_be_three_finite_numbers";
        case CardProblem::MustBeThreePositiveNumbers:
            return "must_be_three_positive_numbers";
        case CardProblem::UnsupportedValue:
            return "unsupported_value";
        case CardProblem::MustBeNumberInRange:
            return "must_be_number_in_range";
        case CardProblem::MustBeBoolean:
            return "must_be_boolean";
    }
    return "not_json";
}

/// The card problem named by toString(); false for a name it does not know.
inline bool cardProblemFromString(const std::string& name, CardProblem* problem)
{
    for (int value = 0; value <= int(kLastCardProblem); ++value) {
        if (name == toString(CardProblem(value))) {
            *problem = CardProblem(value);
            return true;
        }
    }
    return false;
}

/// An InferenceError as a plain value (an empty message: no error), for results that cross threads.
struct ErrorInfo {
    InferenceError::Kind kind = InferenceError::Kind::Other;
    std::vector<std::string> arguments;
    std::string message;  ///< English, what() of the error

    bool empty() const { return message.empty(); }
    static ErrorInfo of(const InferenceError& error) { return {error.kind(), error.arguments(), error.what()}; }
    /// Anything else thrown: Kind::Other with its text.
    static ErrorInfo of(const std::exception& error)
    {
        if (const auto* typed = dynamic_cast<const InferenceError*>(&error)) return of(*typed);
        return {InferenceError::Kind::Other, {error.what()}, error.what()};
    }
};

/// A stable lower-case name of the kind ("model_missing"), for JSON.
inline const char* toString(InferenceError::Kind kind)
{
    switch (kind) {
        case InferenceError::Kind::PluginMissing:
            return "plugin_missing";
        case InferenceError::Kind::PluginUnloadable:
            return "plugin_unloadable";
        case InferenceError::Kind::PluginAbiMismatch:
            return "plugin_abi_mismatch";
        case InferenceError::Kind::NoModelConfigured:
            return "no_model_configured";
        case InferenceError::Kind::ModelMissing:
            return "model_missing";
        case InferenceError::Kind::NotAModel:
            return "not_a_model";
        case InferenceError::Kind::CardUnreadable:
            return "card_unreadable";
        case InferenceError::Kind::CardInvalid:
            return "card_invalid";
        case InferenceError::Kind::ModelCardMismatch:
            return "model_card_mismatch";
        case InferenceError::Kind::DeviceUnavailable:
            return "device_unavailable";
        case InferenceError::Kind::InferenceFailed:
            return "inference_failed";
        case InferenceError::Kind::AiProcessFailed:
            return "ai_process_failed";
        case InferenceError::Kind::Other:
            return "other";
    }
    return "other";
}

}  // namespace pulmo::inference
