#pragma once
// Helpers for the space layer's tests.

#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap::test {

/// The message of the hypershap::Error that `f` throws ("no error" when it throws none).
template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Equal values, inactive (NaN) where either is inactive.
inline bool same(const ConfigurationView& a, const ConfigurationView& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i] || (is_inactive(a[i]) && is_inactive(b[i])))) return false;
  }
  return true;
}

/// A space from inline JSON, named "space.json" in messages.
inline ConfigurationSpace space_of(const std::string& json) {
  return ConfigurationSpace::from_string(json, "space.json");
}

/// The message loading `json` fails with.
inline std::string load_error(const std::string& json) {
  return message_of([&] { space_of(json); });
}

}  // namespace hypershap::test
