#include "util/ErrorText.h"

namespace refpose {

std::string shortenedErrorText(std::string_view message) {
    if (message.size() <= kMaxErrorTextLength) return std::string(message);
    std::size_t cut = kMaxErrorTextLength;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
    return std::string(message.substr(0, cut)) + " ... (" + std::to_string(message.size() - cut) + " more characters)";
}

}  // namespace refpose
