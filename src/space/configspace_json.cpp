// Reading the JSON that ConfigSpace writes (ConfigSpace/read_and_write/json.py): every rule of the
// format is checked here, and every message names the file, the key and the fix.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

namespace {

using nlohmann::json;

constexpr double infinity = std::numeric_limits<double>::infinity();

// A value as ConfigSpace's Python objects print it: strings as written, booleans True/False.
std::string label_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  return value.dump();
}

// The default may be written "default_value" (ConfigSpace >= 1.0) or "default" (older).
const json* optional_key(const json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto it = object.find(key);
    if (it != object.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

}  // namespace

class ConfigSpaceJsonReader {
 public:
  ConfigSpaceJsonReader(ConfigurationSpace& space, std::string source)
      : space_(space), source_(std::move(source)) {}

  void read(const json& document) {
    space_.source_ = source_;
    if (!document.is_object()) {
      fail("the file", "is " + std::string(document.type_name()) + ", not an object",
           "a ConfigSpace JSON file is one object with 'hyperparameters', 'conditions' and "
           "'forbiddens' (write it with ConfigSpace.read_and_write.json.write)");
    }
    check_keys(document, "the file",
               {"hyperparameters", "conditions", "forbiddens", "name", "python_module_version",
                "json_format_version", "format_version"});
    const auto hps = document.find("hyperparameters");
    if (hps == document.end() || !hps->is_array()) {
      fail("'hyperparameters'", hps == document.end() ? "is missing" : "is not an array",
           "list the hyperparameters as an array of objects");
    }
    for (std::size_t i = 0; i < hps->size(); ++i) read_hyperparameter((*hps)[i], i);
    space_.conditions_.resize(space_.hyperparameters_.size());

    if (const json* conditions = optional_key(document, {"conditions"})) {
      if (!conditions->is_array()) fail("'conditions'", "is not an array", "give an array");
      for (std::size_t k = 0; k < conditions->size(); ++k) {
        const std::string where = "conditions[" + std::to_string(k) + "]";
        int child = -1;
        Condition condition = read_condition((*conditions)[k], where, child);
        space_.conditions_[static_cast<std::size_t>(child)].push_back(std::move(condition));
      }
    }
    if (const json* forbiddens = optional_key(document, {"forbiddens"})) {
      if (!forbiddens->is_array()) fail("'forbiddens'", "is not an array", "give an array");
      for (std::size_t k = 0; k < forbiddens->size(); ++k) {
        space_.forbidden_.push_back(
            read_forbidden((*forbiddens)[k], "forbiddens[" + std::to_string(k) + "]"));
      }
    }
    order_by_parents();
    resolve_default();
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& problem,
                         const std::string& fix) const {
    throw invalid_input(source_ + ": " + where + " " + problem + "; " + fix);
  }

  void check_keys(const json& object, const std::string& where,
                  std::initializer_list<const char*> allowed) const {
    for (const auto& item : object.items()) {
      if (std::none_of(allowed.begin(), allowed.end(),
                       [&](const char* key) { return item.key() == key; })) {
        std::string list;
        for (const char* key : allowed) list += std::string(list.empty() ? "" : ", ") + key;
        fail(where, "has the unknown key '" + item.key() + "'",
             "remove it (the keys read here are " + list + ")");
      }
    }
  }

  double number(const json& object, const char* key, const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      fail(where, std::string("has no '") + key + "'", "give it as a number");
    }
    if (!it->is_number()) {
      fail(where + " '" + key + "'", std::string("is a ") + it->type_name() + ", not a number",
           "write a number");
    }
    return it->get<double>();
  }

  double optional_number(const json& object, const char* key, const std::string& where,
                         double fallback) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    return number(object, key, where);
  }

  void read_hyperparameter(const json& item, std::size_t position) {
    std::string where = "hyperparameters[" + std::to_string(position) + "]";
    if (!item.is_object()) fail(where, "is not an object", "describe each hyperparameter as one");
    const auto name = item.find("name");
    if (name == item.end() || !name->is_string() || name->get<std::string>().empty()) {
      fail(where, "has no 'name' string", "give every hyperparameter a unique name");
    }
    Hyperparameter hp;
    hp.name = name->get<std::string>();
    where += " ('" + hp.name + "')";
    const auto type = item.find("type");
    if (type == item.end() || !type->is_string()) {
      fail(where, "has no 'type' string", "give its ConfigSpace type, e.g. 'uniform_float'");
    }
    const std::string type_name = type->get<std::string>();
    static const std::pair<const char*, HyperparameterKind> kinds[] = {
        {"uniform_float", HyperparameterKind::uniform_float},
        {"uniform_int", HyperparameterKind::uniform_int},
        {"normal_float", HyperparameterKind::normal_float},
        {"normal_int", HyperparameterKind::normal_int},
        {"categorical", HyperparameterKind::categorical},
        {"ordinal", HyperparameterKind::ordinal},
        {"constant", HyperparameterKind::constant}};
    const auto kind = std::find_if(std::begin(kinds), std::end(kinds),
                                   [&](const auto& k) { return type_name == k.first; });
    if (kind == std::end(kinds)) {
      fail(where + " 'type'", "is '" + type_name + "', which hypershap does not support",
           "use uniform_float, uniform_int, normal_float, normal_int, categorical, ordinal or "
           "constant (beta priors are not supported)");
    }
    hp.kind = kind->second;
    const std::string default_key = item.contains("default_value") ? "default_value" : "default";
    const json* default_value = optional_key(item, {"default_value", "default"});

    if (hp.is_numeric()) {
      read_numeric(item, where, hp);
      if (default_value != nullptr) {
        if (!default_value->is_number()) {
          fail(where + " '" + default_key + "'", "is not a number", "write a number");
        }
        hp.default_value = default_value->get<double>();
        const std::string reason = hp.why_illegal(hp.default_value);
        if (!reason.empty()) {
          fail(where + " '" + default_key + "'", reason,
               "set it to a legal value within the bounds");
        }
      } else {
        hp.default_value = numeric_default(hp);
      }
    } else {
      read_choices(item, where, hp);
      if (default_value != nullptr) {
        const int index = choice_index(hp, *default_value);
        if (index < 0) {
          fail(where + " '" + default_key + "'",
               "is " + default_value->dump() + ", which is not one of the choices " + list_of(hp),
               "set it to one of them");
        }
        hp.default_value = index;
      } else if (!hp.weights.empty()) {
        hp.default_value = static_cast<double>(
            std::max_element(hp.weights.begin(), hp.weights.end()) - hp.weights.begin());
      }
    }
    if (!space_.index_.emplace(hp.name, static_cast<int>(position)).second) {
      fail(where, "repeats the name '" + hp.name + "'", "give every hyperparameter a unique name");
    }
    space_.hyperparameters_.push_back(std::move(hp));
  }

  void read_numeric(const json& item, const std::string& where, Hyperparameter& hp) const {
    const bool normal =
        hp.kind == HyperparameterKind::normal_float || hp.kind == HyperparameterKind::normal_int;
    if (normal) {
      check_keys(item, where,
                 {"name", "type", "mu", "sigma", "lower", "upper", "log", "default",
                  "default_value", "q", "meta"});
      hp.mu = number(item, "mu", where);
      hp.sigma = number(item, "sigma", where);
      if (!(hp.sigma > 0.0)) fail(where + " 'sigma'", "is not positive", "give sigma > 0");
      hp.lower = optional_number(item, "lower", where, -infinity);
      hp.upper = optional_number(item, "upper", where, infinity);
    } else {
      check_keys(
          item, where,
          {"name", "type", "lower", "upper", "log", "default", "default_value", "q", "meta"});
      hp.lower = number(item, "lower", where);
      hp.upper = number(item, "upper", where);
    }
    if (const json* log = optional_key(item, {"log"})) {
      if (!log->is_boolean()) fail(where + " 'log'", "is not true or false", "write a boolean");
      hp.log = log->get<bool>();
    }
    hp.q = optional_number(item, "q", where, 0.0);
    if (hp.q < 0.0) fail(where + " 'q'", "is negative", "give a positive step or null");
    if (hp.lower > hp.upper) {
      fail(where, "has 'lower' above 'upper'", "swap them or correct the bounds");
    }
    if (hp.is_integer() && ((std::isfinite(hp.lower) && hp.lower != std::round(hp.lower)) ||
                            (std::isfinite(hp.upper) && hp.upper != std::round(hp.upper)))) {
      fail(where, "has bounds that are not integers", "give integer 'lower' and 'upper'");
    }
    if (hp.log && !(hp.lower > 0.0) && (!normal || std::isfinite(hp.lower))) {
      fail(where + " 'lower'", "is not positive but 'log' is true",
           "give lower > 0 or set 'log' to false");
    }
  }

  static double numeric_default(const Hyperparameter& hp) {
    double value = 0.0;
    if (hp.kind == HyperparameterKind::normal_float || hp.kind == HyperparameterKind::normal_int) {
      value = hp.log ? std::exp(hp.mu) : hp.mu;
      value = std::min(std::max(value, hp.lower), hp.upper);
    } else {
      value = hp.log ? std::exp(0.5 * (std::log(hp.lower) + std::log(hp.upper)))
                     : 0.5 * (hp.lower + hp.upper);
    }
    return hp.is_integer() ? std::round(value) : value;
  }

  void read_choices(const json& item, const std::string& where, Hyperparameter& hp) const {
    const char* values_key = "choices";
    if (hp.kind == HyperparameterKind::categorical) {
      check_keys(item, where,
                 {"name", "type", "choices", "weights", "probabilities", "default", "default_value",
                  "meta"});
    } else if (hp.kind == HyperparameterKind::ordinal) {
      check_keys(item, where, {"name", "type", "sequence", "default", "default_value", "meta"});
      values_key = "sequence";
    } else {
      check_keys(item, where, {"name", "type", "value", "meta"});
      values_key = "value";
    }
    json values;
    if (hp.kind == HyperparameterKind::constant) {
      const auto it = item.find("value");
      if (it == item.end() || it->is_null()) fail(where, "has no 'value'", "give the constant");
      values = json::array({*it});
    } else {
      const auto it = item.find(values_key);
      if (it == item.end() || !it->is_array()) {
        fail(where, std::string("has no '") + values_key + "' array",
             "list the values it can take");
      }
      values = *it;
    }
    if (values.empty()) {
      fail(where + " '" + values_key + "'", "is empty", "give at least one value");
    }
    for (const json& value : values) {
      if (!value.is_string() && !value.is_number() && !value.is_boolean()) {
        fail(where + " '" + values_key + "'", "holds " + value.dump(),
             "give strings, numbers or booleans");
      }
      const std::string label = label_of(value);
      if (std::find(hp.choices.begin(), hp.choices.end(), label) != hp.choices.end()) {
        fail(where + " '" + values_key + "'", "repeats " + value.dump(), "list each value once");
      }
      hp.choices.push_back(label);
      hp.choice_numbers.push_back(value.is_number() ? value.get<double>()
                                                    : std::numeric_limits<double>::quiet_NaN());
    }
    hp.lower = 0.0;
    hp.upper = static_cast<double>(hp.choices.size() - 1);
    if (const json* weights = optional_key(item, {"weights", "probabilities"})) {
      const std::string key = item.contains("weights") ? "'weights'" : "'probabilities'";
      if (!weights->is_array() || weights->size() != hp.choices.size()) {
        fail(where + " " + key, "does not have one number per choice",
             "give " + std::to_string(hp.choices.size()) + " weights or null");
      }
      double total = 0.0;
      for (const json& w : *weights) {
        if (!w.is_number() || !(w.get<double>() >= 0.0)) {
          fail(where + " " + key, "holds " + w.dump(), "give non-negative numbers");
        }
        hp.weights.push_back(w.get<double>());
        total += w.get<double>();
      }
      if (!(total > 0.0)) fail(where + " " + key, "sums to 0", "give at least one positive weight");
      for (double& w : hp.weights) w /= total;
    }
  }

  static int choice_index(const Hyperparameter& hp, const json& value) {
    const std::string label = label_of(value);
    for (std::size_t k = 0; k < hp.choices.size(); ++k) {
      if (hp.choices[k] == label) return static_cast<int>(k);
    }
    if (value.is_number()) {
      for (std::size_t k = 0; k < hp.choice_numbers.size(); ++k) {
        if (hp.choice_numbers[k] == value.get<double>()) return static_cast<int>(k);
      }
    }
    return -1;
  }

  static std::string list_of(const Hyperparameter& hp) {
    std::string text = "[";
    for (std::size_t k = 0; k < hp.choices.size(); ++k) {
      text += (k > 0 ? ", '" : "'") + hp.choices[k] + "'";
    }
    return text + "]";
  }

  int hyperparameter_named(const json& object, const char* key, const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
      fail(where, std::string("has no '") + key + "' string", "name a hyperparameter of the space");
    }
    const int index = space_.find(it->get<std::string>());
    if (index < 0) {
      fail(where + " '" + key + "'",
           "names '" + it->get<std::string>() + "', which is not a hyperparameter of the space",
           "name one listed in 'hyperparameters'");
    }
    return index;
  }

  // A value of hyperparameter `index` as written in a condition or clause, in the configuration
  // representation.
  double value_of(int index, const json& value, const std::string& where) const {
    const Hyperparameter& hp = space_.hyperparameter(index);
    if (hp.is_numeric()) {
      if (!value.is_number()) {
        fail(where, "compares '" + hp.name + "' with " + value.dump(),
             "give a number, as '" + hp.name + "' is numeric");
      }
      const std::string reason = hp.why_illegal(value.get<double>());
      if (!reason.empty())
        fail(where, "gives '" + hp.name + "' an illegal value: " + reason, "give a legal value");
      return value.get<double>();
    }
    const int k = choice_index(hp, value);
    if (k < 0) {
      fail(where, "names the value " + value.dump() + ", which '" + hp.name + "' cannot take",
           "use one of " + list_of(hp));
    }
    return k;
  }

  std::string value_text(int index, double value) const {
    const Hyperparameter& hp = space_.hyperparameter(index);
    return hp.is_numeric() ? hp.text(value) : "'" + hp.text(value) + "'";
  }

  Condition read_condition(const json& item, const std::string& where, int& child) const {
    if (!item.is_object()) fail(where, "is not an object", "describe each condition as one");
    const auto type_it = item.find("type");
    if (type_it == item.end() || !type_it->is_string()) {
      fail(where, "has no 'type' string", "give one of EQ, NEQ, LT, GT, IN, AND, OR");
    }
    const std::string type = type_it->get<std::string>();
    Condition condition;
    if (type == "AND" || type == "OR") {
      check_keys(item, where, {"type", "child", "conditions"});
      condition.type = type == "AND" ? Condition::Type::all_of : Condition::Type::any_of;
      const auto components = item.find("conditions");
      if (components == item.end() || !components->is_array() || components->empty()) {
        fail(where, "has no 'conditions' array", "list the conditions it combines");
      }
      child = item.contains("child") ? hyperparameter_named(item, "child", where) : -1;
      for (std::size_t k = 0; k < components->size(); ++k) {
        const std::string sub = where + ".conditions[" + std::to_string(k) + "]";
        int component_child = -1;
        condition.components.push_back(read_condition((*components)[k], sub, component_child));
        if (child < 0) child = component_child;
        if (component_child != child) {
          fail(sub, "has a different child than the conjunction",
               "combine only conditions on the same child");
        }
        condition.text +=
            (k > 0 ? (type == "AND" ? " && " : " || ") : "(") + condition.components.back().text;
      }
      condition.text += ")";
      return condition;
    }
    static const std::pair<const char*, Condition::Type> types[] = {
        {"EQ", Condition::Type::equals},
        {"NEQ", Condition::Type::not_equals},
        {"LT", Condition::Type::less_than},
        {"GT", Condition::Type::greater_than},
        {"IN", Condition::Type::in}};
    const auto found = std::find_if(std::begin(types), std::end(types),
                                    [&](const auto& t) { return type == t.first; });
    if (found == std::end(types)) {
      fail(where + " 'type'", "is '" + type + "'", "use one of EQ, NEQ, LT, GT, IN, AND, OR");
    }
    condition.type = found->second;
    check_keys(
        item, where,
        {"type", "child", "parent", condition.type == Condition::Type::in ? "values" : "value"});
    child = hyperparameter_named(item, "child", where);
    condition.parent = hyperparameter_named(item, "parent", where);
    const Hyperparameter& parent = space_.hyperparameter(condition.parent);
    if ((condition.type == Condition::Type::less_than ||
         condition.type == Condition::Type::greater_than) &&
        parent.kind == HyperparameterKind::categorical) {
      fail(where, "compares the categorical '" + parent.name + "' by order",
           "use EQ, NEQ or IN, or make the parent ordinal");
    }
    if (condition.type == Condition::Type::in) {
      const auto values = item.find("values");
      if (values == item.end() || !values->is_array() || values->empty()) {
        fail(where, "has no 'values' array", "list the parent values that activate the child");
      }
      std::string list;
      for (const json& v : *values) {
        condition.values.push_back(value_of(condition.parent, v, where + " 'values'"));
        list += (list.empty() ? "" : ", ") + value_text(condition.parent, condition.values.back());
      }
      condition.text = parent.name + " in {" + list + "}";
    } else {
      const auto value = item.find("value");
      if (value == item.end()) fail(where, "has no 'value'", "give the parent value it compares");
      condition.values.push_back(value_of(condition.parent, *value, where + " 'value'"));
      static const char* const ops[] = {" == ", " != ", " < ", " > "};
      condition.text = parent.name + ops[static_cast<int>(condition.type)] +
                       value_text(condition.parent, condition.values.front());
    }
    return condition;
  }

  ForbiddenClause read_forbidden(const json& item, const std::string& where) const {
    if (!item.is_object()) fail(where, "is not an object", "describe each clause as one");
    const auto type_it = item.find("type");
    if (type_it == item.end() || !type_it->is_string()) {
      fail(where, "has no 'type' string",
           "give one of EQUALS, IN, AND, RELATION_LT, RELATION_EQ, RELATION_GT");
    }
    const std::string type = type_it->get<std::string>();
    ForbiddenClause clause;
    if (type == "AND") {
      check_keys(item, where, {"type", "clauses"});
      clause.type = ForbiddenClause::Type::all_of;
      const auto clauses = item.find("clauses");
      if (clauses == item.end() || !clauses->is_array() || clauses->empty()) {
        fail(where, "has no 'clauses' array", "list the clauses it combines");
      }
      for (std::size_t k = 0; k < clauses->size(); ++k) {
        clause.components.push_back(
            read_forbidden((*clauses)[k], where + ".clauses[" + std::to_string(k) + "]"));
        clause.text += (k > 0 ? " && " : "") + clause.components.back().text;
      }
      return clause;
    }
    if (type == "EQUALS" || type == "IN") {
      const bool in = type == "IN";
      check_keys(item, where, {"type", "name", in ? "values" : "value"});
      clause.type = in ? ForbiddenClause::Type::in : ForbiddenClause::Type::equals;
      clause.hyperparameter = hyperparameter_named(item, "name", where);
      const auto values = item.find(in ? "values" : "value");
      if (values == item.end() || (in && (!values->is_array() || values->empty()))) {
        fail(where, in ? "has no 'values' array" : "has no 'value'", "give the forbidden value(s)");
      }
      std::string list;
      for (const json& v : in ? *values : json::array({*values})) {
        clause.values.push_back(value_of(clause.hyperparameter, v, where));
        list +=
            (list.empty() ? "" : ", ") + value_text(clause.hyperparameter, clause.values.back());
      }
      const std::string& name = space_.hyperparameter(clause.hyperparameter).name;
      clause.text = in ? name + " in {" + list + "}" : name + " == " + list;
      return clause;
    }
    std::string relation;
    if (type == "RELATION") {
      check_keys(item, where, {"type", "left", "right", "lambda"});
      const auto lambda = item.find("lambda");
      relation = lambda != item.end() && lambda->is_string() ? lambda->get<std::string>() : "";
      if (relation != "LT" && relation != "EQ" && relation != "GT") {
        fail(where + " 'lambda'", "is not LT, EQ or GT", "give one of them");
      }
    } else if (type == "RELATION_LT" || type == "RELATION_EQ" || type == "RELATION_GT") {
      check_keys(item, where, {"type", "left", "right"});
      relation = type.substr(9);
    } else {
      fail(where + " 'type'", "is '" + type + "'",
           "use one of EQUALS, IN, AND, RELATION_LT, RELATION_EQ, RELATION_GT");
    }
    clause.type = relation == "LT"   ? ForbiddenClause::Type::less_than
                  : relation == "EQ" ? ForbiddenClause::Type::equal_to
                                     : ForbiddenClause::Type::greater_than;
    clause.hyperparameter = hyperparameter_named(item, "left", where);
    clause.right = hyperparameter_named(item, "right", where);
    const Hyperparameter& left = space_.hyperparameter(clause.hyperparameter);
    const Hyperparameter& right = space_.hyperparameter(clause.right);
    if (left.has_numeric_values() && right.has_numeric_values()) {
      clause.compare_text = false;
    } else if (left.has_choices() && right.has_choices()) {
      clause.compare_text = true;
    } else {
      fail(where, "compares '" + left.name + "' with '" + right.name + "', a number with text",
           "relate hyperparameters whose values are both numbers or both text");
    }
    const char* op = relation == "LT" ? " < " : relation == "EQ" ? " == " : " > ";
    clause.text = left.name + op + right.name;
    return clause;
  }

  // Parents before children (Kahn's algorithm, ties in the space's order); a cycle is an error.
  void order_by_parents() {
    const std::size_t n = space_.hyperparameters_.size();
    std::vector<std::set<int>> parents(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (const Condition& c : space_.conditions_[i]) collect_parents(c, parents[i]);
    }
    std::vector<bool> placed(n, false);
    while (space_.order_.size() < n) {
      bool progress = false;
      for (std::size_t i = 0; i < n && !progress; ++i) {
        if (placed[i]) continue;
        if (std::all_of(parents[i].begin(), parents[i].end(),
                        [&](int p) { return placed[static_cast<std::size_t>(p)]; })) {
          placed[i] = true;
          space_.order_.push_back(static_cast<int>(i));
          progress = true;
        }
      }
      if (!progress) {
        std::string names;
        for (std::size_t i = 0; i < n; ++i) {
          if (!placed[i]) names += (names.empty() ? "" : ", ") + space_.hyperparameters_[i].name;
        }
        fail("'conditions'", "make these hyperparameters depend on each other in a cycle: " + names,
             "remove a condition so that no hyperparameter is its own ancestor");
      }
    }
  }

  static void collect_parents(const Condition& condition, std::set<int>& parents) {
    if (condition.parent >= 0) parents.insert(condition.parent);
    for (const Condition& c : condition.components) collect_parents(c, parents);
  }

  void resolve_default() {
    Configuration& c = space_.default_;
    c.resize(space_.size());
    for (int i = 0; i < space_.size(); ++i) c[i] = space_.hyperparameter(i).default_value;
    for (const int i : space_.order_) {
      if (!space_.conditions_hold(i, c)) c[i] = inactive_value;
    }
    const int clause = space_.matched_forbidden_clause(c);
    if (clause >= 0) {
      fail("'forbiddens'[" + std::to_string(clause) + "]",
           "forbids the default configuration (" +
               space_.forbidden_[static_cast<std::size_t>(clause)].text + ")",
           "change the defaults or the clause (ConfigSpace refuses such a space too)");
    }
  }

  ConfigurationSpace& space_;
  std::string source_;
};

ConfigurationSpace ConfigurationSpace::from_string(std::string_view text,
                                                   const std::string& source) {
  json document;
  try {
    document = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw invalid_input(source + ": not valid JSON (" + e.what() +
                        "); give the file ConfigSpace's json.write produced");
  }
  ConfigurationSpace space;
  ConfigSpaceJsonReader(space, source).read(document);
  return space;
}

ConfigurationSpace ConfigurationSpace::from_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw io_error(path.string() + ": cannot be opened; check that the configuration space file " +
                   "exists and is readable");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw io_error(path.string() + ": reading failed; check the file system");
  return from_string(text.str(), path.string());
}

}  // namespace hypershap
