#include "util/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace refpose {
namespace {

constexpr int kMaxSymlinkHops = 40;          // as the kernel's ELOOP limit
constexpr int kTemporaryNameAttempts = 100;  // names tried before giving up on creating one

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

// The file a write to `target` must replace: a symbolic link is followed to the file it names
// (a dangling link to the file it would create), so the link itself stays a link.
std::filesystem::path followLinks(std::filesystem::path target) {
    const std::filesystem::path asGiven = target;
    for (int hop = 0; hop < kMaxSymlinkHops; ++hop) {
        std::error_code ec;
        if (!std::filesystem::is_symlink(std::filesystem::symlink_status(target, ec))) return target;
        const std::filesystem::path next = std::filesystem::read_symlink(target, ec);
        if (ec) fail(asGiven, "cannot read the symbolic link " + target.string(), ec.value());
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    fail(asGiven, "cannot follow its symbolic links", ELOOP);
}

// "." + the target's name + "." + 6 random letters or digits, beside the target (the pattern
// ui/TrainingRunFolder recognises as a leftover temporary).
std::filesystem::path temporaryName(const std::filesystem::path& target) {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static std::atomic<unsigned> counter{0};
    std::mt19937 random(std::random_device{}() ^ counter.fetch_add(1));
    std::string suffix(6, 'x');
    for (char& c : suffix) c = kChars[random() % (sizeof kChars - 1)];
    return target.parent_path() / ("." + target.filename().string() + "." + suffix);
}

// Creates the temporary file. A new file gets 0666 less the umask, as any new file would (the
// kernel applies the umask: no process-wide umask() calls); `fchmod` then gives a replaced file
// its own permission bits.
int createTemporary(const std::filesystem::path& target, std::filesystem::path& tmp) {
    for (int attempt = 0; attempt < kTemporaryNameAttempts; ++attempt) {
        tmp = temporaryName(target);
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            if (fd < 0) fail(target, "cannot create a temporary file", errno);
            return fd;
        }
    }
    fail(target, "cannot create a temporary file", EEXIST);
}

void keepPermissions(int fd, const std::filesystem::path& target) {
    struct stat existing {};
    if (::stat(target.c_str(), &existing) != 0 || !S_ISREG(existing.st_mode)) return;  // a new file
    if (::fchmod(fd, existing.st_mode & 07777) != 0) fail(target, "cannot keep the file's permissions", errno);
}

// After the rename the new name lives in the folder's entries: flush them too, or a power cut
// can bring back the old file (or none) even though its contents were flushed.
void syncFolder(const std::filesystem::path& dir, const std::filesystem::path& target) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(target, "cannot open its folder to flush it", errno);
    // EINVAL: a file system that cannot flush a folder (some network and FUSE ones) - nothing to do.
    const int err = ::fsync(fd) != 0 && errno != EINVAL ? errno : 0;
    ::close(fd);
    if (err != 0) fail(target, "cannot flush its folder to disk", err);
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& requested, std::string_view contents) {
    std::filesystem::path target = followLinks(requested);
    if (!target.has_parent_path()) target = std::filesystem::path(".") / target;
    std::filesystem::path tmp;
    const int fd = createTemporary(target, tmp);
    try {
        keepPermissions(fd, target);
        writeAll(fd, contents, requested);
        if (::fsync(fd) != 0) fail(requested, "cannot flush to disk", errno);
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(requested, "cannot close the temporary file", err);
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(requested, "cannot replace the file", err);
    }
    syncFolder(target.parent_path(), requested);
}

}  // namespace refpose
