#include "util/SafeJson.h"

#include <iterator>
#include <optional>
#include <string_view>

namespace refpose {
namespace {

using Position = nlohmann::detail::position_t;

// Walks JSON text outside its strings, keeping nlohmann's idea of a position (lines from 0,
// columns counted from 1 after the character read), and stops where `stop(c, depth)` says so.
// The two checks below run over the text this way because nlohmann's own errors for them carry
// no position: a user would have to hunt for the one bad bracket in a 200 KB file.
template <typename Stop>
std::optional<Position> scanOutsideStrings(std::string_view text, Stop stop) {
    Position at;
    int depth = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        ++at.chars_read_total;
        ++at.chars_read_current_line;
        if (c == '\n') {
            ++at.lines_read;
            at.chars_read_current_line = 0;
        }
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') inString = true;
        if (c == '[' || c == '{') ++depth;
        if (c == ']' || c == '}') --depth;
        if (stop(c, depth, at)) return at;
    }
    return std::nullopt;
}

// Refuses nesting deeper than kMaxJsonDepth before nlohmann parses it: its parser recurses
// nowhere, but copying, comparing or dumping the value recurses once per level.
void refuseDeepNesting(std::string_view text) {
    const auto tooDeep =
        scanOutsideStrings(text, [](char, int depth, const Position&) { return depth > kMaxJsonDepth; });
    if (tooDeep)
        throw nlohmann::json::parse_error::create(
            101, *tooDeep, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", nullptr);
}

// Where the number token `token` first starts outside a string, for the error nlohmann raises
// without a position.
std::optional<Position> findNumberToken(std::string_view text, std::string_view token) {
    bool previousWasNumber = false;
    return scanOutsideStrings(text, [&](char c, int, const Position& at) {
        const bool startsHere = !previousWasNumber && text.substr(at.chars_read_total - 1, token.size()) == token;
        previousWasNumber = c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9');
        return startsHere;
    });
}

std::string readAll(std::istream& in) { return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}; }

}  // namespace

nlohmann::json parseJson(const std::string& text) {
    refuseDeepNesting(text);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::out_of_range& e) {
        // A number beyond a double's range ("1e999") throws out_of_range 406, not parse_error: it
        // becomes the parse_error the header promises, at the number's place, so that the readers
        // that name the file for a parse error name the file and the place for it too.
        const std::string what = e.what();
        const std::size_t quote = what.find('\'');
        const std::string token =
            quote == std::string::npos ? std::string() : what.substr(quote + 1, what.size() - quote - 2);
        const std::string message = "number " + token + " is out of range (beyond 1.8e308)";
        if (const auto at = token.empty() ? std::nullopt : findNumberToken(text, token))
            throw nlohmann::json::parse_error::create(101, *at, message, nullptr);
        throw nlohmann::json::parse_error::create(101, 0, message, nullptr);
    }
}

nlohmann::json parseJson(std::istream& in) { return parseJson(readAll(in)); }

nlohmann::json parseJsonOrDiscarded(std::istream& in) {
    try {
        return parseJson(in);
    } catch (const nlohmann::json::exception&) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
}

std::string dumpJson(const nlohmann::json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace refpose
