#include "job_facts.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "hypershap/models/model_checks.hpp"

namespace hypershap::cli {

JobFacts job_facts(const std::string& job_text) {
  JobFacts facts;
  toml::table job;
  try {
    job = toml::parse(job_text);
  } catch (const toml::parse_error&) {
    return facts;
  }
  facts.name = job["job"]["name"].value_or(std::string());
  const auto model = job["model"];
  const std::string kind = model["kind"].value_or(std::string());
  facts.instance = model["instance"].value_or(std::string());
  facts.model = kind;
  if (const auto scenario = model["scenario"].value<std::string>()) facts.model += " " + *scenario;
  if (const auto history = model["history"].value<std::string>())
    facts.model += " on " + std::filesystem::path(*history).filename().string();
  if (const auto function = model["function"].value<std::string>()) facts.model += " " + *function;
  if (!facts.instance.empty()) facts.model += ", instance " + facts.instance;
  const std::string metric = model["metric"].value_or(std::string());
  const auto maximize = model["maximize"].value<bool>();
  if (!metric.empty() || maximize) {
    facts.metric = metric.empty() ? "the run's metric" : metric;
    // the games' values are the metric, negated when it is minimised (larger is always better)
    if (maximize)
      facts.metric += *maximize ? ", maximised" : ", minimised: the values are its negation";
  }
  return facts;
}

namespace {

std::string figure(double x, const char* format = "%.4g") {
  char text[40];
  std::snprintf(text, sizeof text, format, x);
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> model_fit_rows(
    const std::optional<StoredModelFit>& fit) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (!fit) {
    rows.emplace_back("model fit",
                      "model fit not recorded (a store of `hypershap aggregate`, or written before "
                      "`run` recorded it)");
    return rows;
  }
  if (!fit->fitted) {
    rows.emplace_back("model fit", "not fitted on a run history (" + fit->description + ")");
  } else {
    std::string text = fit->kind;
    const double r2 = fit->number("oob_r2");
    if (!std::isnan(r2)) {
      text += ": out-of-bag R² " + figure(r2, "%.3f");
      const double rmse = fit->number("oob_rmse");
      if (!std::isnan(rmse)) text += ", RMSE " + figure(rmse);
    } else {
      const double lml = fit->number("log_marginal_likelihood");
      if (!std::isnan(lml)) text += ": log marginal likelihood " + figure(lml);
    }
    rows.emplace_back("model fit", text);
    std::string runs = std::to_string(fit->runs) + " used";
    if (fit->dropped > 0) {
      runs += ", " + std::to_string(fit->dropped) + " left out (";
      for (std::size_t i = 0; i < fit->dropped_reasons.size(); ++i)
        runs += (i == 0 ? "" : ", ") + fit->dropped_reasons[i].first + ": " +
                std::to_string(fit->dropped_reasons[i].second);
      runs += ")";
    } else {
      runs += ", none left out";
    }
    rows.emplace_back("runs of the history", runs);
  }
  rows.emplace_back("metric", metric_direction(fit->metric, fit->maximize));
  if (!std::isnan(fit->baseline_value)) {
    std::string text = fit->metric + " = " + figure(fit->baseline_value, "%.6g");
    if (fit->negated) text += " (game value " + figure(-fit->baseline_value, "%.6g") + ")";
    rows.emplace_back("λ⁰ (default configuration)", text);
  }
  return rows;
}

}  // namespace hypershap::cli
