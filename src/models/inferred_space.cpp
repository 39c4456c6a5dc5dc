#include "hypershap/models/inferred_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::string infer_space_json(const RunHistory& history) {
  nlohmann::json hyperparameters = nlohmann::json::array();
  for (std::size_t c = 0; c < history.hyperparameters.size(); ++c) {
    const std::string& name = history.hyperparameters[c];
    std::vector<std::string> choices;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    bool whole = true;
    bool any = false;
    for (const std::vector<Value>& row : history.configurations) {
      const Value& v = row[c];
      if (is_category(v)) {
        const std::string& choice = std::get<std::string>(v);
        if (std::find(choices.begin(), choices.end(), choice) == choices.end())
          choices.push_back(choice);
        any = true;
      } else if (is_number(v)) {
        const double x = std::get<double>(v);
        low = std::min(low, x);
        high = std::max(high, x);
        whole = whole && x == std::round(x);
        any = true;
      }
    }
    if (!any)
      throw invalid_input(history.source + ": column '" + name +
                          "' has no value in any run, so its range cannot be inferred; drop the "
                          "column or give the space in [space] file");
    if (!choices.empty()) {
      hyperparameters.push_back({{"type", "categorical"},
                                 {"name", name},
                                 {"choices", choices},
                                 {"weights", nullptr},
                                 {"default_value", choices.front()},
                                 {"meta", nullptr}});
      continue;
    }
    if (low == high) high = low + 1.0;  // one observed value: a range around it
    const bool log = low > 0.0 && high / low >= 1000.0;
    const double middle = log ? std::sqrt(low * high) : (low + high) / 2.0;
    nlohmann::json hp = {{"name", name},
                         {"lower", whole ? std::round(low) : low},
                         {"upper", high},
                         {"log", log},
                         {"meta", nullptr}};
    if (whole) {
      hp["type"] = "uniform_int";
      hp["lower"] = static_cast<long long>(low);
      hp["upper"] = static_cast<long long>(high);
      hp["default_value"] = static_cast<long long>(std::round(middle));
    } else {
      hp["type"] = "uniform_float";
      hp["default_value"] = middle;
    }
    hyperparameters.push_back(hp);
  }
  const nlohmann::json space = {
      {"name", "inferred from " + history.source}, {"hyperparameters", hyperparameters},
      {"conditions", nlohmann::json::array()},     {"forbiddens", nlohmann::json::array()},
      {"python_module_version", "0.6.1"},          {"format_version", 0.4}};
  return space.dump(2);
}

}  // namespace hypershap
