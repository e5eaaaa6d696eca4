#include "util/SafeJson.h"

namespace refpose {
namespace {

// nlohmann's parser calls back at each object/array start with the depth of the enclosing
// containers, before it descends: throwing there stops a hostile file while the stack is small.
nlohmann::json::parser_callback_t depthLimit() {
    return [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        const bool opens =
            event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start;
        if (opens && depth >= kMaxJsonDepth)
            throw nlohmann::json::parse_error::create(
                101, 0, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", nullptr);
        return true;
    };
}

// nlohmann throws out_of_range (406), not parse_error, for a number beyond a double's range
// ("1e999"); it becomes the parse_error the header promises, so that the readers that name the
// file for a parse error do so for it too (bench/RESULTS.md, "Fuzzing": readCoco let it through).
template <typename Input>
nlohmann::json parseWithLimits(Input& in) {
    try {
        return nlohmann::json::parse(in, depthLimit());
    } catch (const nlohmann::json::out_of_range& e) {
        const std::string what = e.what();
        const std::size_t prefixEnd = what.find("] ");  // after "[json.exception.out_of_range.406"
        throw nlohmann::json::parse_error::create(
            101, 0, prefixEnd == std::string::npos ? what : what.substr(prefixEnd + 2), nullptr);
    }
}

}  // namespace

nlohmann::json parseJson(std::istream& in) { return parseWithLimits(in); }

nlohmann::json parseJson(const std::string& text) { return parseWithLimits(text); }

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
