#include "hypershap/io/game_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/io/game_json.hpp"
#include "hypershap/io/npz.hpp"

namespace hypershap {

namespace {

using nlohmann::json;

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

bool is_zip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 2 && magic[0] == 'P' && magic[1] == 'K';
}

std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

struct Line {
  std::size_t number;  // 1-based
  std::string_view text;
};

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({lines.size() + 1, text.substr(start, end - start)});
    start = end + 1;
  }
  return lines;
}

bool looks_like_json_lines(std::string_view text) {
  std::size_t filled = 0;
  std::string_view first;
  for (const Line& line : lines_of(text)) {
    if (trimmed(line.text).empty()) continue;
    if (filled++ == 0) first = trimmed(line.text);
    if (filled > 1) break;
  }
  return filled > 1 && !first.empty() && first.front() == '{' && json::accept(first);
}

// The text of a scalar value (what --where compares and the report shows); empty for arrays and
// objects.
bool scalar_text(const json& value, std::string& text) {
  if (value.is_string()) {
    text = value.get<std::string>();
    return true;
  }
  if (value.is_number() || value.is_boolean() || value.is_null()) {
    text = value.dump();
    return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> describe(const json& object) {
  std::vector<std::pair<std::string, std::string>> description;
  if (!object.is_object()) return description;
  for (const auto& [key, value] : object.items()) {
    std::string text;
    if (scalar_text(value, text) && !value.is_null()) description.emplace_back(key, text);
  }
  return description;
}

struct Condition {
  std::string key;
  std::string value;
  std::string text() const { return "--where " + key + "=" + value; }
};

std::vector<Condition> conditions_of(const std::vector<std::string>& where) {
  std::vector<Condition> conditions;
  for (const std::string& w : where) {
    const std::size_t equals = w.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw invalid_input("--where " + w +
                          ": write key=value, e.g. --where game_type=ablation (the keys are "
                          "those of the JSON objects, one per line)");
    }
    conditions.push_back({w.substr(0, equals), w.substr(equals + 1)});
  }
  return conditions;
}

bool matches(const json& object, const Condition& condition) {
  const auto it = object.find(condition.key);
  if (it == object.end()) return false;
  std::string text;
  if (!scalar_text(*it, text)) return false;
  if (text == condition.value) return true;
  // numbers compare by value: 7 matches 7.0, 1e-3 matches 0.001 (so does the string "7")
  const auto number = [](const std::string& t, double& x) {
    char* end = nullptr;
    x = std::strtod(t.c_str(), &end);
    return !t.empty() && end == t.c_str() + t.size();
  };
  double wanted = 0.0;
  double have = 0.0;
  if (number(condition.value, wanted) && number(text, have)) return wanted == have;
  return false;
}

std::string listed(const std::vector<std::string>& items, std::size_t at_most) {
  std::string list;
  for (std::size_t i = 0; i < items.size() && i < at_most; ++i) list += (i ? ", " : "") + items[i];
  if (items.size() > at_most) list += ", ... (" + std::to_string(items.size()) + " in all)";
  return list;
}

// The selectable (scalar) keys of the objects, in first-seen order.
std::vector<std::string> scalar_keys(const std::vector<json>& objects) {
  std::vector<std::string> keys;
  for (const json& object : objects) {
    for (const auto& [key, value] : object.items()) {
      std::string text;
      if (scalar_text(value, text) && std::find(keys.begin(), keys.end(), key) == keys.end())
        keys.push_back(key);
    }
  }
  return keys;
}

// "instance takes 34 values: 126025, 126026, ..." for the keys asked about (or that differ).
std::string values_of(const std::vector<json>& objects, const std::string& key,
                      std::size_t at_most) {
  std::vector<std::string> values;
  std::set<std::string> seen;
  for (const json& object : objects) {
    const auto it = object.find(key);
    std::string text;
    if (it != object.end() && scalar_text(*it, text) && seen.insert(text).second)
      values.push_back(text);
  }
  if (values.empty()) return "no game has the key '" + key + "'";
  return key + " takes " + (values.size() == 1 ? "the value " : "the values ") +
         listed(values, at_most);
}

json parse_line(const std::filesystem::path& path, const Line& line) {
  try {
    return json::parse(line.text);
  } catch (const json::parse_error& e) {
    throw invalid_input(path.string() + " line " + std::to_string(line.number) +
                        ": not valid JSON (" + e.what() +
                        "); a JSON-lines file holds one JSON object per line");
  }
}

std::string stem_of(const std::string& file) { return std::filesystem::path(file).stem().string(); }

GameFile read_json_lines(const std::filesystem::path& path, std::string_view text,
                         const GameSelection& selection) {
  const std::vector<Line> all = lines_of(text);
  std::vector<Line> candidates;
  if (selection.line != 0) {
    if (selection.line > all.size()) {
      throw invalid_input("--line " + std::to_string(selection.line) + ": " + path.string() +
                          " has " + std::to_string(all.size()) + " lines; give a line from 1 to " +
                          std::to_string(all.size()));
    }
    const Line& line = all[selection.line - 1];
    if (trimmed(line.text).empty()) {
      throw invalid_input("--line " + std::to_string(selection.line) + ": line " +
                          std::to_string(line.number) + " of " + path.string() +
                          " is blank; choose a line holding a game");
    }
    candidates.push_back(line);
  } else {
    for (const Line& line : all)
      if (!trimmed(line.text).empty()) candidates.push_back(line);
  }
  if (candidates.empty())
    throw invalid_input(path.string() + ": holds no game (no line with a JSON object)");

  const std::vector<Condition> conditions = conditions_of(selection.where);
  std::vector<json> objects;
  std::vector<json> matching;
  std::vector<Line> chosen;
  for (const Line& line : candidates) {
    if (conditions.empty() && candidates.size() == 1) {  // the one game: no need to look inside
      chosen.push_back(line);
      break;
    }
    json object = parse_line(path, line);
    if (!object.is_object()) {
      throw invalid_input(path.string() + " line " + std::to_string(line.number) +
                          ": expected a JSON object (a game), found " + object.type_name());
    }
    const bool all_hold =
        !conditions.empty() && std::all_of(conditions.begin(), conditions.end(),
                                           [&](const Condition& c) { return matches(object, c); });
    if (all_hold) {
      matching.push_back(object);
      chosen.push_back(line);
    }
    objects.push_back(std::move(object));
  }
  std::string asked;
  for (const Condition& c : conditions) asked += (asked.empty() ? "" : " ") + c.text();
  if (conditions.empty() && chosen.empty()) {
    throw invalid_input(
        path.string() + " holds " + std::to_string(candidates.size()) +
        " games, one per line; choose one with --line N (1 to " + std::to_string(all.size()) +
        ") or --where key=value (repeatable), with the keys " + listed(scalar_keys(objects), 40));
  }
  if (chosen.empty()) {
    std::string hint;
    for (const Condition& c : conditions) hint += "; " + values_of(objects, c.key, 24);
    throw invalid_input(
        path.string() + ": no game matches " + asked + " (of " + std::to_string(objects.size()) +
        (objects.size() == 1 ? " game" : " games") +
        (selection.line != 0 ? " on --line " + std::to_string(selection.line) : "") + ")" + hint +
        "; the keys are " + listed(scalar_keys(objects), 40));
  }
  if (chosen.size() > 1) {
    std::vector<std::string> numbers;
    for (const Line& line : chosen) numbers.push_back(std::to_string(line.number));
    // what tells the matches apart: keys with a few values, and those unique to each game
    std::string differ;
    std::vector<std::string> unique;
    for (const std::string& key : scalar_keys(matching)) {
      std::set<std::string> values;
      for (const json& object : matching) {
        std::string value;
        const auto it = object.find(key);
        values.insert(it != object.end() && scalar_text(*it, value) ? value : "(none)");
      }
      if (values.size() == matching.size()) {
        unique.push_back(key);
      } else if (values.size() > 1) {
        differ += (differ.empty() ? "" : "; ") + values_of(matching, key, 8);
      }
    }
    if (!unique.empty())
      differ += (differ.empty() ? "" : "; ") + listed(unique, 10) + " differ for each";
    throw invalid_input(path.string() + ": " + std::to_string(chosen.size()) + " games match " +
                        asked + " (lines " + listed(numbers, 10) +
                        "); add --where conditions until one is left, or give --line N" +
                        (differ.empty() ? std::string() : "; they differ in: " + differ));
  }

  const Line& line = chosen.front();
  const std::string source = path.string() + " line " + std::to_string(line.number);
  GameFile file;
  file.format = GameFileFormat::json_lines;
  file.game = parse_game_json(line.text, source);
  const json object = matching.empty() ? parse_line(path, line) : matching.front();
  file.description = describe(object);
  const auto name = object.find("file");
  file.name = name != object.end() && name->is_string()
                  ? stem_of(name->get<std::string>())
                  : path.stem().string() + " line " + std::to_string(line.number);
  return file;
}

std::vector<std::string> read_names(const std::filesystem::path& names_path, int n,
                                    const std::filesystem::path& npz) {
  const std::string text = read_text_file(names_path, "the player names of " + npz.string());
  std::vector<std::string> names;
  for (const Line& line : lines_of(text)) names.emplace_back(trimmed(line.text));
  while (!names.empty() && names.back().empty()) names.pop_back();
  if (static_cast<int>(names.size()) != n) {
    throw invalid_input(names_path.string() + ": names " + std::to_string(names.size()) +
                        " players, but " + npz.string() + " is a game on " + std::to_string(n) +
                        " players; give one name per line, in the order of the coalitions' "
                        "columns (or --names another file)");
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      throw invalid_input(names_path.string() + ": line " + std::to_string(i + 1) +
                          " is blank; every player needs a name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        throw invalid_input(names_path.string() + ": the name '" + names[i] + "' appears twice (" +
                            "lines " + std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                            "); names must be unique");
      }
    }
  }
  return names;
}

std::string shape_text(const NpyArray& array) {
  std::string text = "(";
  for (std::size_t d = 0; d < array.shape.size(); ++d)
    text += (d ? ", " : "") + std::to_string(array.shape[d]);
  return text + (array.shape.size() == 1 ? ",)" : ")");
}

GameFile read_npz_game(const std::filesystem::path& path, const GameSelection& selection) {
  const std::map<std::string, NpyArray> arrays = read_npz(path);
  const std::string where = path.string() + ": ";
  const std::string layout =
      "a .npz game holds 'coalitions' (bool, shape (2^n, n)) and 'values' (float64, shape "
      "(2^n,)), as shapiq's Game.save_values writes them";
  const auto array = [&](const char* name) -> const NpyArray& {
    const auto it = arrays.find(name);
    if (it == arrays.end()) {
      std::vector<std::string> held;
      for (const auto& entry : arrays) held.push_back("'" + entry.first + "'");
      throw invalid_input(where + "no array '" + name + "' (it holds " +
                          (held.empty() ? std::string("none") : listed(held, 20)) + "); " + layout);
    }
    return it->second;
  };
  const NpyArray& coalitions = array("coalitions");
  const NpyArray& values = array("values");
  if (coalitions.type != NpyType::boolean || coalitions.shape.size() != 2) {
    throw invalid_input(where + "'coalitions' is dtype '" + coalitions.descr + "' of shape " +
                        shape_text(coalitions) + "; " + layout);
  }
  if (values.type != NpyType::float64 || values.shape.size() != 1) {
    throw invalid_input(where + "'values' is dtype '" + values.descr + "' of shape " +
                        shape_text(values) + "; " + layout +
                        " (convert with values.astype('<f8'))");
  }
  const std::size_t rows = coalitions.shape[0];
  const std::size_t columns = coalitions.shape[1];
  if (columns > static_cast<std::size_t>(max_players)) {
    throw invalid_input(where + "a game on " + std::to_string(columns) +
                        " players; hypershap handles up to " + std::to_string(max_players));
  }
  const int n = static_cast<int>(columns);
  const std::size_t count = coalition_count(n);
  if (rows != count || values.shape[0] != count) {
    throw invalid_input(where + "'coalitions' has " + std::to_string(rows) + " rows and 'values' " +
                        std::to_string(values.shape[0]) + " entries, but a game on " +
                        std::to_string(n) + " players (the columns of 'coalitions') has 2^" +
                        std::to_string(n) + " = " + std::to_string(count) +
                        " coalitions; save every coalition's value (shapiq: precompute() first)");
  }
  if (const auto it = arrays.find("n_players"); it != arrays.end()) {
    const NpyArray& players = it->second;
    if (players.type != NpyType::int64 || players.size() != 1 || players.integers[0] != n) {
      throw invalid_input(where + "'n_players' is " +
                          (players.type == NpyType::int64 && players.size() == 1
                               ? std::to_string(players.integers[0])
                               : "not one int64") +
                          ", but 'coalitions' has " + std::to_string(n) +
                          " columns; they must agree");
    }
  }

  GameFile file;
  file.format = GameFileFormat::npz;
  file.name = path.stem().string();
  file.game.values.assign(count, 0.0);
  std::vector<bool> seen(count, false);
  for (std::size_t r = 0; r < count; ++r) {
    Coalition s = 0;
    for (std::size_t j = 0; j < columns; ++j)
      if (coalitions.flags[r * columns + j] != 0) s |= Coalition{1} << j;
    const auto index = static_cast<std::size_t>(s);
    if (seen[index]) {
      throw invalid_input(where + "coalition row " + std::to_string(r) + " (mask " +
                          std::to_string(index) +
                          ") appears twice; every coalition must be listed exactly once");
    }
    seen[index] = true;
    const double v = values.numbers[r];
    if (!std::isfinite(v)) {
      throw invalid_input(where + "values[" + std::to_string(r) +
                          "] is not finite; every coalition needs a finite value");
    }
    file.game.values[index] = v;
  }
  if (const auto it = arrays.find("normalization_value");
      it != arrays.end() && !it->second.numbers.empty()) {
    file.description.emplace_back("normalization_value", json(it->second.numbers[0]).dump());
  }

  std::filesystem::path names_path = selection.names;
  if (names_path.empty()) {
    std::filesystem::path beside = path;
    beside.replace_extension(".names");
    if (std::filesystem::exists(beside)) names_path = beside;
  }
  if (!names_path.empty()) {
    file.game.players = read_names(names_path, n, path);
  } else {
    for (int j = 0; j < n; ++j) file.game.players.push_back("X" + std::to_string(j));
  }
  return file;
}

}  // namespace

GameFileFormat game_file_format(const std::filesystem::path& path) {
  const std::string extension = lower_extension(path);
  if (extension == ".npz" || is_zip(path)) return GameFileFormat::npz;
  if (extension == ".jsonl" || extension == ".ndjson") return GameFileFormat::json_lines;
  return looks_like_json_lines(read_text_file(path, "the game file")) ? GameFileFormat::json_lines
                                                                      : GameFileFormat::json;
}

GameFile read_game_file(const std::filesystem::path& path, const GameSelection& selection) {
  const std::string extension = lower_extension(path);
  if (extension == ".npz" || is_zip(path)) {
    if (selection.selects()) {
      throw invalid_input("--line/--where choose a game of a JSON-lines file; " + path.string() +
                          " is a .npz file, which holds one game");
    }
    return read_npz_game(path, selection);
  }
  if (!selection.names.empty()) {
    throw invalid_input("--names " + selection.names.string() +
                        ": player names files go with .npz games; " + path.string() +
                        " names its players itself ('players')");
  }
  const std::string text = read_text_file(path, "the game file");
  if (selection.selects() || extension == ".jsonl" || extension == ".ndjson" ||
      looks_like_json_lines(text)) {
    return read_json_lines(path, text, selection);
  }
  GameFile file;
  file.format = GameFileFormat::json;
  file.game = parse_game_json(text, path.string());
  file.name = path.stem().string();
  file.description = describe(json::parse(text, nullptr, false));
  return file;
}

}  // namespace hypershap
