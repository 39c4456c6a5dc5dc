#include "hypershap/explain/index.hpp"

#include <algorithm>
#include <cctype>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {
std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

const std::vector<Index>& all_indices() {
  static const std::vector<Index> indices = {Index::moebius, Index::sv,   Index::bv,   Index::sii,
                                             Index::k_sii,   Index::stii, Index::fsii, Index::fbii};
  return indices;
}

std::string_view name_of(Index index) {
  switch (index) {
    case Index::moebius: return "Moebius";
    case Index::sv: return "SV";
    case Index::bv: return "BV";
    case Index::sii: return "SII";
    case Index::k_sii: return "k-SII";
    case Index::stii: return "STII";
    case Index::fsii: return "FSII";
    case Index::fbii: return "FBII";
  }
  return "?";
}

Index parse_index(std::string_view text) {
  const std::string wanted = lowercase(text);
  for (Index index : all_indices()) {
    if (lowercase(name_of(index)) == wanted) return index;
  }
  if (wanted == "möbius" || wanted == "mobius") return Index::moebius;
  throw invalid_input("unknown index '" + std::string(text) +
                      "'; use one of Moebius, SV, BV, SII, k-SII, STII, FSII, FBII, or all");
}

int effective_order(Index index, int order) {
  return (index == Index::sv || index == Index::bv) ? 1 : order;
}

EmptySetConvention parse_empty_set_convention(std::string_view text) {
  const std::string wanted = lowercase(text);
  if (wanted == "baseline") return EmptySetConvention::baseline;
  if (wanted == "shapiq") return EmptySetConvention::shapiq;
  throw invalid_input("unknown empty-set convention '" + std::string(text) +
                      "'; use baseline (I(∅) = v(∅)) or shapiq");
}

std::string_view name_of(EmptySetConvention convention) {
  return convention == EmptySetConvention::baseline ? "baseline" : "shapiq";
}

std::string_view name_of(ExplainMethod method) {
  switch (method) {
    case ExplainMethod::exact: return "exact";
    case ExplainMethod::approximate: return "approximate";
    case ExplainMethod::automatic: return "auto";
  }
  return "?";
}

}  // namespace hypershap
