#include "util/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <string>
#include <unistd.h>

namespace refpose {
namespace {

[[noreturn]] void fail(const std::filesystem::path& target, const std::string& what, int err) {
    throw FileWriteError(target.string() + ": " + what + " (" + std::strerror(err) + ")");
}

void writeAll(int fd, std::string_view data, const std::filesystem::path& target) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(target, "cannot write", errno);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& target, std::string_view contents) {
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) fail(target, "cannot create a temporary file", errno);
    try {
        writeAll(fd, contents, target);
        if (::fsync(fd) != 0) fail(target, "cannot flush to disk", errno);
    } catch (...) {
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
    // Keep the permissions a new file would get rather than mkstemp's 0600.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        fail(target, "cannot close the temporary file", err);
    }
    if (::rename(tmpl.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        fail(target, "cannot replace the file", err);
    }
}

}  // namespace refpose
