#include "toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypershap/core/suggest.hpp"

namespace hypershap::job_detail {

std::filesystem::path Context::base_for(const std::string& key_path,
                                        const std::filesystem::path& job_folder) const {
  for (const auto& override_ : overrides) {
    const std::string& path = override_.first;
    if (key_path == path || key_path.rfind(path + ".", 0) == 0)
      return std::filesystem::current_path();
  }
  return job_folder;
}

std::string Context::location_of(const toml::node& node, const std::string& path) const {
  const toml::source_region& where = node.source();
  if (where.begin.line == 0) {
    // not from the file: the override that set this key or a table above it
    for (const auto& [key, text] : overrides) {
      if (key == path || key.rfind(path + ".", 0) == 0 || path.rfind(key + ".", 0) == 0)
        return text;
    }
    return source;
  }
  return source + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

TableReader::TableReader(const toml::table& table, std::string section, Context& context)
    : table_(table), section_(std::move(section)), context_(context) {
  if (section_ != "top level")
    context_.locations[section_] = context_.location_of(table_, section_);
}

std::string TableReader::path_of(const std::string& key) const {
  return section_ == "top level" ? key : section_ + "." + key;
}

void TableReader::problem(const toml::node& at, const std::string& message) {
  // the node is one of this table's values: its key locates values set by --set
  std::string key;
  for (const auto& [k, v] : table_)
    if (&v == &at) key = std::string(k.str());
  context_.problems.push_back(context_.location_of(at, path_of(key)) + ": " + message);
}

void TableReader::problem(const std::string& message) {
  context_.problems.push_back(context_.location_of(table_, section_) + ": " + message);
}

void TableReader::allow(const std::vector<std::string>& keys) {
  known_.insert(known_.end(), keys.begin(), keys.end());
}

const toml::node* TableReader::node(const std::string& key, bool required) {
  known_.push_back(key);
  const toml::node* found = table_.get(key);
  if (found != nullptr)
    context_.locations[path_of(key)] = context_.location_of(*found, path_of(key));
  if (found == nullptr && required) problem("[" + section_ + "] needs the key '" + key + "'");
  return found;
}

std::optional<std::string> TableReader::string(const std::string& key, bool required) {
  const toml::node* n = node(key, required);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  if (n->is_integer()) return std::to_string(n->as_integer()->get());  // e.g. instance = 3945
  problem(*n, "[" + section_ + "] " + key + " must be a string (in quotes)");
  return std::nullopt;
}

std::optional<std::string> TableReader::choice(const std::string& key,
                                               const std::vector<std::string>& choices,
                                               bool required) {
  const auto value = string(key, required);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
  std::string message =
      "[" + section_ + "] " + key + " = '" + *value + "' is not one of " + one_of(choices);
  const std::string guess = nearest(*value, choices);
  if (!guess.empty()) message += "; did you mean '" + guess + "'?";
  problem(*table_.get(key), message);
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(const std::string& key, std::int64_t min,
                                                 std::int64_t max, bool required) {
  const toml::node* n = node(key, required);
  if (n == nullptr) return std::nullopt;
  const auto* i = n->as_integer();
  if (i == nullptr) {
    problem(*n, "[" + section_ + "] " + key + " must be a whole number");
    return std::nullopt;
  }
  const std::int64_t v = i->get();
  if (v < min || v > max) {
    problem(*n, "[" + section_ + "] " + key + " = " + std::to_string(v) + " is out of range; use " +
                    std::to_string(min) + " to " +
                    (max == std::numeric_limits<std::int64_t>::max() ? std::string("any larger")
                                                                     : std::to_string(max)));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> TableReader::boolean(const std::string& key) {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  problem(*n, "[" + section_ + "] " + key + " must be true or false");
  return std::nullopt;
}

std::optional<double> TableReader::number(const std::string& key, double min) {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  std::optional<double> value;
  if (const auto* i = n->as_integer()) value = static_cast<double>(i->get());
  if (const auto* f = n->as_floating_point()) value = f->get();
  if (!value || !(*value >= min) || !std::isfinite(*value)) {
    problem(*n,
            "[" + section_ + "] " + key + " must be a number of at least " + std::to_string(min));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::int64_t>> TableReader::integers(const std::string& key,
                                                               std::int64_t min, std::int64_t max) {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* array = n->as_array();
  std::vector<std::int64_t> out;
  if (array != nullptr) {
    for (const toml::node& element : *array) {
      const auto* i = element.as_integer();
      if (i == nullptr || i->get() < min || i->get() > max) {
        array = nullptr;
        break;
      }
      out.push_back(i->get());
    }
  }
  if (array == nullptr) {
    problem(*n, "[" + section_ + "] " + key + " must be an array of whole numbers from " +
                    std::to_string(min) + " to " + std::to_string(max) + ", e.g. [25, 50]");
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<std::string>> TableReader::strings(const std::string& key) {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* array = n->as_array();
  if (array == nullptr) {
    problem(*n, "[" + section_ + "] " + key + " must be an array of strings, e.g. [\"a\", \"b\"]");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& element : *array) {
    if (const auto* s = element.as_string()) {
      out.push_back(s->get());
    } else if (const auto* i = element.as_integer()) {
      out.push_back(std::to_string(i->get()));
    } else {
      problem(element, "[" + section_ + "] " + key + " must hold strings only");
      return std::nullopt;
    }
  }
  return out;
}

const toml::table* TableReader::table(const std::string& key) {
  const toml::node* n = node(key);
  if (n == nullptr) return nullptr;
  if (const auto* t = n->as_table()) return t;
  problem(*n, "[" + section_ + "] " + key + " must be a table, e.g. " + key + " = { name = 1 }");
  return nullptr;
}

void TableReader::finish() {
  for (const auto& [key, value] : table_) {
    const std::string name(key.str());
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string message = "unknown key '" + name + "' in [" + section_ + "]";
    const std::string guess = nearest(name, known_);
    if (!guess.empty()) {
      message += "; did you mean '" + guess + "'?";
    } else {
      std::vector<std::string> valid = known_;
      std::sort(valid.begin(), valid.end());
      valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
      message += "; valid keys are " + one_of(valid);
    }
    problem(value, message);
  }
}

}  // namespace hypershap::job_detail
