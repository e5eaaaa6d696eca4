#pragma once
// Error messages that stay readable (no Qt). A message may quote user data (a 100 MB value, a
// path, a library's diagnostics), so every place that shows one to a person, or writes it as an
// event for the GUI, shortens it here: the start says what failed and where.

#include <string>
#include <string_view>

namespace refpose {

// Messages longer than this are cut; no real RefPose error comes near it.
inline constexpr std::size_t kMaxErrorTextLength = 1000;

// `message` itself when short enough; otherwise its first kMaxErrorTextLength bytes (never
// splitting a UTF-8 character) followed by " ... (N more characters)".
std::string shortenedErrorText(std::string_view message);

}  // namespace refpose
