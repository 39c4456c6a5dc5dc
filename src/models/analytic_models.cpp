#include "hypershap/models/analytic_models.hpp"

#include <functional>

#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"

namespace hypershap {

namespace {

using Function = std::function<double(const ConfigurationView&)>;

class AnalyticModel final : public PerformanceModel {
 public:
  AnalyticModel(std::string name, std::string space_json, Function f)
      : name_(std::move(name)),
        space_json_(std::move(space_json)),
        space_(
            ConfigurationSpace::from_string(space_json_, "the built-in space of '" + name_ + "'")),
        f_(std::move(f)) {}

  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return space_json_; }
  std::vector<std::string> outputs() const override { return {metric_}; }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return true; }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    for (Eigen::Index r = 0; r < configurations.rows(); ++r) values(r) = f_(configurations.row(r));
  }
  std::string describe() const override { return "analytic benchmark '" + name_ + "'"; }

 private:
  std::string name_;
  std::string space_json_;
  ConfigurationSpace space_;
  Function f_;
  std::string metric_ = "performance";
};

std::string uniform_float(const std::string& name, double lower, double upper,
                          double default_value) {
  return R"({"name": ")" + name + R"(", "type": "uniform_float", "log": false, "lower": )" +
         std::to_string(lower) + R"(, "upper": )" + std::to_string(upper) +
         R"(, "default_value": )" + std::to_string(default_value) + "}";
}

std::string uniform_int(const std::string& name, int lower, int upper, int default_value) {
  return R"({"name": ")" + name + R"(", "type": "uniform_int", "log": false, "lower": )" +
         std::to_string(lower) + R"(, "upper": )" + std::to_string(upper) +
         R"(, "default_value": )" + std::to_string(default_value) + "}";
}

std::string space_of(const std::string& name, const std::vector<std::string>& hyperparameters) {
  std::string json = R"({"name": ")" + name + R"(", "hyperparameters": [)";
  for (std::size_t i = 0; i < hyperparameters.size(); ++i)
    json += (i ? ", " : "") + hyperparameters[i];
  json +=
      R"(], "conditions": [], "forbiddens": [], "python_module_version": "1.2.0", "format_version": 0.4})";
  return json;
}

}  // namespace

const std::vector<std::string>& analytic_function_names() {
  static const std::vector<std::string> names = {"table1", "linear-toy", "smooth-interactions",
                                                 "pairs-20"};
  return names;
}

std::shared_ptr<const PerformanceModel> make_analytic_model(const std::string& function, int m) {
  if (function == "table1") {
    if (m < 1)
      throw invalid_input("analytic function table1 needs m >= 1, not " + std::to_string(m));
    const auto top = static_cast<double>(m);
    return std::make_shared<AnalyticModel>(
        "table1",
        space_of("table1", {uniform_int("lambda1", 0, 1, 0), uniform_int("lambda2", 0, m, 0)}),
        [top](const ConfigurationView& x) {
          return (x(0) == 1.0 ? 1.0 : 0.0) + (x(1) == top ? 1.0 : 0.0);
        });
  }
  if (function == "linear-toy") {
    return std::make_shared<AnalyticModel>(
        "linear-toy",
        space_of("linear-toy", {uniform_float("a", 0, 1, 0), uniform_float("b", 0, 1, 0)}),
        [](const ConfigurationView& x) { return 0.7 * x(0) + 2.0 * x(1); });
  }
  if (function == "smooth-interactions") {
    std::vector<std::string> hyperparameters;
    for (int i = 0; i < 6; ++i)
      hyperparameters.push_back(uniform_float("x" + std::to_string(i), 0, 1, 0));
    return std::make_shared<AnalyticModel>("smooth-interactions",
                                           space_of("smooth-interactions", hyperparameters),
                                           [](const ConfigurationView& x) {
                                             return x(0) + 0.5 * x(1) + 0.8 * x(0) * x(2) -
                                                    0.6 * x(3) * x(4) + 0.3 * x(1) * x(3) * x(5);
                                           });
  }
  if (function == "pairs-20") {
    // 20 hyperparameters for approximate explanations (issue 13) with closed forms: weights
    // (i+1)/20 and two pairwise interactions, +0.5 x0 x1 and -0.3 x2 x3, on [0, 1]^20
    std::vector<std::string> hyperparameters;
    for (int i = 0; i < 20; ++i)
      hyperparameters.push_back(uniform_float("x" + std::to_string(i), 0, 1, 0));
    return std::make_shared<AnalyticModel>("pairs-20", space_of("pairs-20", hyperparameters),
                                           [](const ConfigurationView& x) {
                                             double sum = 0.5 * x(0) * x(1) - 0.3 * x(2) * x(3);
                                             for (Eigen::Index i = 0; i < 20; ++i)
                                               sum += static_cast<double>(i + 1) / 20.0 * x(i);
                                             return sum;
                                           });
  }
  std::string message =
      "unknown analytic function '" + function + "'; use " + one_of(analytic_function_names());
  const std::string guess = nearest(function, analytic_function_names());
  if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
  throw invalid_input(message);
}

}  // namespace hypershap
