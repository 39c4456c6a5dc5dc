#pragma once
// The software version and the git commit of the sources (written at build time).

#include <string_view>

namespace hypershap {

std::string_view version();
std::string_view git_sha();

}  // namespace hypershap
