#pragma once
// The error of a model file that cannot be used, thrown by model import (model/) and by the
// estimators built on it (estimate/, training/). It lives with the model code so that model/
// needs nothing from estimate/.

#include <stdexcept>

namespace refpose {

// A model file that cannot be used: what() names the file and the reason.
class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace refpose
