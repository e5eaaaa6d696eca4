#include "util/SafeJson.h"

namespace refpose {
namespace {

// nlohmann's parser calls back at each object/array start with the depth of the enclosing
// containers, before it descends: throwing there stops a hostile file while the stack is small.
nlohmann::json::parser_callback_t depthLimit() {
    return [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        const bool opens = event == nlohmann::json::parse_event_t::object_start ||
                           event == nlohmann::json::parse_event_t::array_start;
        if (opens && depth >= kMaxJsonDepth)
            throw nlohmann::json::parse_error::create(
                101, 0, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", nullptr);
        return true;
    };
}

}  // namespace

nlohmann::json parseJson(std::istream& in) {
    return nlohmann::json::parse(in, depthLimit());
}

nlohmann::json parseJson(const std::string& text) {
    return nlohmann::json::parse(text, depthLimit());
}

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
