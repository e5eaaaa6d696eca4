#pragma once
// JSON in and out without crashes (no Qt). Every reader of a user's JSON parses through
// parseJson, which refuses absurd nesting before it can exhaust the stack later (copying or
// dumping a json value recurses once per level). Every writer of text that may hold file names
// or exception messages dumps through dumpJson, which never throws on bytes that are not UTF-8
// (a Latin-1 file name): nlohmann's default dump throws, and a throw in an error path aborts.

#include <nlohmann/json.hpp>

#include <istream>
#include <string>

namespace refpose {

// Deeper than any real COCO, ADD, config, model.json or pose file (they nest under 10 levels).
inline constexpr int kMaxJsonDepth = 256;

// Parses JSON text. Throws nlohmann::json::parse_error for invalid JSON, for nesting deeper than
// kMaxJsonDepth and for a number beyond a double's range, each with the line and column, so callers
// that already report parse errors with the file name keep doing so.
nlohmann::json parseJson(std::istream& in);
nlohmann::json parseJson(const std::string& text);

// The same, but returns a discarded value (is_discarded()) instead of throwing.
nlohmann::json parseJsonOrDiscarded(std::istream& in);

// Serialises `j` (indent -1: one line). Bytes that are not UTF-8 become U+FFFD instead of
// throwing: output meant for people or the GUI stays readable and valid JSON.
std::string dumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace refpose
