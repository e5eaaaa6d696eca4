#pragma once
// The one shape in which a background job's answer reaches the GUI thread: the job's value, or
// the message of the exception that stopped it. Every runner (LatestWinsRunner, runInBackground,
// runWithProgress) wraps its job in catchingErrors, so a job body simply returns or throws.

#include <QString>

#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace refpose {

template <typename T>
class JobOutcome {
public:
    static JobOutcome success(T value) { return JobOutcome(std::move(value), {}); }
    static JobOutcome failure(QString error) { return JobOutcome(std::nullopt, std::move(error)); }

    bool ok() const { return value_.has_value(); }
    const T& value() const { return *value_; }       // only when ok()
    const QString& error() const { return error_; }  // the reason, when !ok()

private:
    JobOutcome(std::optional<T> value, QString error) : value_(std::move(value)), error_(std::move(error)) {}
    std::optional<T> value_;
    QString error_;
};

// What a job returning void reports: that it succeeded.
using Done = std::monostate;

template <typename F>
using JobValue = std::conditional_t<std::is_void_v<std::invoke_result_t<F&>>, Done, std::invoke_result_t<F&>>;

// Runs `job` and catches: its value, or the exception's own message (what(), never the bare
// "std::exception" Qt would show). Runs in the worker, so no exception is ever stored in a
// QFuture (Qt rethrows a stored one from a later wait, which aborts inside a destructor).
template <typename F>
JobOutcome<JobValue<F>> catchingErrors(F& job) {
    using Outcome = JobOutcome<JobValue<F>>;
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
            std::invoke(job);
            return Outcome::success(Done{});
        } else {
            return Outcome::success(std::invoke(job));
        }
    } catch (const std::exception& e) {
        return Outcome::failure(QString::fromUtf8(e.what()));
    } catch (...) {
        return Outcome::failure(QStringLiteral("unknown error (not a std::exception)"));
    }
}

}  // namespace refpose
