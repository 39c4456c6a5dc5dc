#include "hypershap/store/symbolic_results.hpp"

#include <cstdint>
#include <string>

#include "file_lock.hpp"
#include "hdf5.hpp"
#include "schema.hpp"

namespace hypershap {

namespace {

using symbolic::ExplanationBaseline;
using symbolic::ExplanationFit;
using symbolic::ExplanationLandscape;
using symbolic::ExplanationResults;

constexpr const char* symbolic_group = "symbolic";
constexpr const char* progress_group = "symbolic_progress";

std::vector<hsize_t> dims(std::size_t n) { return {static_cast<hsize_t>(n)}; }

template <class T, class Get>
std::vector<double> doubles(const std::vector<T>& rows, Get get) {
  std::vector<double> out;
  for (const T& row : rows) out.push_back(static_cast<double>(get(row)));
  return out;
}

template <class T, class Get>
std::vector<std::string> strings(const std::vector<T>& rows, Get get) {
  std::vector<std::string> out;
  for (const T& row : rows) out.push_back(get(row));
  return out;
}

void write_landscape(hid_t parent, const std::string& name, const ExplanationLandscape& l) {
  const h5::Group g = h5::create_group(parent, name);
  h5::write_attribute(g.id(), "instance", l.instance);
  h5::write_attribute(g.id(), "chosen_fit", static_cast<std::int64_t>(l.chosen_fit));
  h5::write_attribute(g.id(), "axes", static_cast<std::int64_t>(l.axes.size()));
  for (std::size_t i = 0; i < l.axes.size(); ++i)
    h5::write_dataset(g.id(), "axis" + std::to_string(i), dims(l.axes[i].size()), l.axes[i]);
  h5::write_dataset(g.id(), "objective", dims(l.objective.size()), l.objective);
  // a GP only exists with BO samples
  if (!l.gp_mean.empty()) h5::write_dataset(g.id(), "gp_mean", dims(l.gp_mean.size()), l.gp_mean);
  if (!l.formula.empty()) h5::write_dataset(g.id(), "formula", dims(l.formula.size()), l.formula);
  h5::write_dataset(g.id(), "training", dims(l.training.size()), l.training);
  h5::write_dataset(g.id(), "training_cost", dims(l.training_cost.size()), l.training_cost);
}

ExplanationLandscape read_landscape(hid_t parent, const std::string& name) {
  const h5::Group g = h5::open_group(parent, name);
  ExplanationLandscape l;
  l.instance = h5::read_string_attribute(g.id(), "instance");
  l.chosen_fit = static_cast<std::size_t>(h5::read_int_attribute(g.id(), "chosen_fit"));
  const auto axes = h5::read_int_attribute(g.id(), "axes");
  for (std::int64_t i = 0; i < axes; ++i)
    l.axes.push_back(h5::read_doubles(g.id(), "axis" + std::to_string(i)));
  l.objective = h5::read_doubles(g.id(), "objective");
  if (h5::link_exists(g.id(), "gp_mean")) l.gp_mean = h5::read_doubles(g.id(), "gp_mean");
  if (h5::link_exists(g.id(), "formula")) l.formula = h5::read_doubles(g.id(), "formula");
  l.training = h5::read_doubles(g.id(), "training");
  l.training_cost = h5::read_doubles(g.id(), "training_cost");
  return l;
}

void write_table(hid_t parent, const ExplanationResults& r) {
  const h5::Group g = h5::create_group(parent, r.name);
  h5::write_attribute(g.id(), "training", r.training);
  h5::write_attribute(g.id(), "model", r.model);
  h5::write_attribute(g.id(), "metric", r.metric);
  h5::write_attribute(g.id(), "cost_offset", r.cost_offset);
  h5::write_attribute(g.id(), "cost_scale", r.cost_scale);
  h5::write_attribute(g.id(), "players", r.players);
  h5::write_attribute(g.id(), "population", std::int64_t{r.population});
  h5::write_attribute(g.id(), "generations", std::int64_t{r.generations});
  h5::write_attribute(g.id(), "seconds", r.seconds);
  h5::write_dataset(g.id(), "parsimony", dims(r.parsimony.size()), r.parsimony);
  // the fits as columns
  const h5::Group fits = h5::create_group(g.id(), "fits");
  const auto& f = r.fits;
  h5::write_attribute(fits.id(), "instance",
                      strings(f, [](const ExplanationFit& x) { return x.instance; }));
  h5::write_attribute(fits.id(), "program",
                      strings(f, [](const ExplanationFit& x) { return x.program; }));
  h5::write_attribute(fits.id(), "formula",
                      strings(f, [](const ExplanationFit& x) { return x.formula; }));
  h5::write_attribute(fits.id(), "latex",
                      strings(f, [](const ExplanationFit& x) { return x.latex; }));
  const auto column = [&](const char* name, const std::vector<double>& values) {
    h5::write_dataset(fits.id(), name, dims(values.size()), values);
  };
  column("repetition", doubles(f, [](const ExplanationFit& x) { return x.repetition; }));
  column("sr_seed", doubles(f, [](const ExplanationFit& x) { return x.sr_seed; }));
  column("parsimony", doubles(f, [](const ExplanationFit& x) { return x.parsimony; }));
  column("operations", doubles(f, [](const ExplanationFit& x) { return x.operations; }));
  column("length", doubles(f, [](const ExplanationFit& x) { return x.length; }));
  column("train_rmse", doubles(f, [](const ExplanationFit& x) { return x.train_rmse; }));
  column("test_rmse", doubles(f, [](const ExplanationFit& x) { return x.test_rmse; }));
  column("seconds", doubles(f, [](const ExplanationFit& x) { return x.seconds; }));
  const h5::Group baselines = h5::create_group(g.id(), "baselines");
  const auto& b = r.baselines;
  h5::write_attribute(baselines.id(), "instance",
                      strings(b, [](const ExplanationBaseline& x) { return x.instance; }));
  const auto bcolumn = [&](const char* name, const std::vector<double>& values) {
    h5::write_dataset(baselines.id(), name, dims(values.size()), values);
  };
  bcolumn("repetition", doubles(b, [](const ExplanationBaseline& x) { return x.repetition; }));
  bcolumn("gp_rmse", doubles(b, [](const ExplanationBaseline& x) { return x.gp_rmse; }));
  bcolumn("linear_rmse", doubles(b, [](const ExplanationBaseline& x) { return x.linear_rmse; }));
  const h5::Group landscapes = h5::create_group(g.id(), "landscapes");
  for (std::size_t i = 0; i < r.landscapes.size(); ++i)
    write_landscape(landscapes.id(), std::to_string(i), r.landscapes[i]);
}

ExplanationResults read_table(hid_t parent, const std::string& name) {
  const h5::Group g = h5::open_group(parent, name);
  ExplanationResults r;
  r.name = name;
  r.training = h5::read_string_attribute(g.id(), "training");
  r.model = h5::read_string_attribute(g.id(), "model");
  r.metric = h5::read_string_attribute(g.id(), "metric");
  r.cost_offset = h5::read_double_attribute(g.id(), "cost_offset");
  r.cost_scale = h5::read_double_attribute(g.id(), "cost_scale");
  r.players = h5::read_strings_attribute(g.id(), "players");
  r.population = static_cast<int>(h5::read_int_attribute(g.id(), "population"));
  r.generations = static_cast<int>(h5::read_int_attribute(g.id(), "generations"));
  r.seconds = h5::read_double_attribute(g.id(), "seconds");
  r.parsimony = h5::read_doubles(g.id(), "parsimony");
  const h5::Group fits = h5::open_group(g.id(), "fits");
  const auto instance = h5::read_strings_attribute(fits.id(), "instance");
  const auto program = h5::read_strings_attribute(fits.id(), "program");
  const auto formula = h5::read_strings_attribute(fits.id(), "formula");
  const auto latex = h5::read_strings_attribute(fits.id(), "latex");
  const auto repetition = h5::read_doubles(fits.id(), "repetition");
  const auto sr_seed = h5::read_doubles(fits.id(), "sr_seed");
  const auto parsimony = h5::read_doubles(fits.id(), "parsimony");
  const auto operations = h5::read_doubles(fits.id(), "operations");
  const auto length = h5::read_doubles(fits.id(), "length");
  const auto train_rmse = h5::read_doubles(fits.id(), "train_rmse");
  const auto test_rmse = h5::read_doubles(fits.id(), "test_rmse");
  const auto seconds = h5::read_doubles(fits.id(), "seconds");
  for (std::size_t i = 0; i < instance.size(); ++i) {
    ExplanationFit f;
    f.instance = instance[i];
    f.repetition = static_cast<int>(repetition[i]);
    f.sr_seed = static_cast<int>(sr_seed[i]);
    f.parsimony = parsimony[i];
    f.program = program[i];
    f.formula = formula[i];
    f.latex = latex[i];
    f.operations = static_cast<int>(operations[i]);
    f.length = static_cast<std::size_t>(length[i]);
    f.train_rmse = train_rmse[i];
    f.test_rmse = test_rmse[i];
    f.seconds = seconds[i];
    r.fits.push_back(std::move(f));
  }
  const h5::Group baselines = h5::open_group(g.id(), "baselines");
  const auto b_instance = h5::read_strings_attribute(baselines.id(), "instance");
  const auto b_repetition = h5::read_doubles(baselines.id(), "repetition");
  const auto gp = h5::read_doubles(baselines.id(), "gp_rmse");
  const auto linear = h5::read_doubles(baselines.id(), "linear_rmse");
  for (std::size_t i = 0; i < b_instance.size(); ++i)
    r.baselines.push_back({b_instance[i], static_cast<int>(b_repetition[i]), gp[i], linear[i]});
  const h5::Group landscapes = h5::open_group(g.id(), "landscapes");
  const std::size_t count = h5::link_names(landscapes.id()).size();
  for (std::size_t i = 0; i < count; ++i)
    r.landscapes.push_back(read_landscape(landscapes.id(), std::to_string(i)));
  return r;
}

/// The group `name` under `parent`, created when missing.
h5::Group child(hid_t parent, const std::string& name) {
  if (!h5::link_exists(parent, name)) return h5::create_group(parent, name);
  return h5::open_group(parent, name);
}

// Progress records: one group per record, named by its number, its fields as attributes (and a
// fit's grid values as a dataset), so that an append adds objects and rewrites none.
void write_fit_record(hid_t parent, const std::string& name, const ExplanationFit& f) {
  const h5::Group g = h5::create_group(parent, name);
  h5::write_attribute(g.id(), "instance", f.instance);
  h5::write_attribute(g.id(), "program", f.program);
  h5::write_attribute(g.id(), "formula", f.formula);
  h5::write_attribute(g.id(), "latex", f.latex);
  h5::write_attribute(g.id(), "repetition", std::int64_t{f.repetition});
  h5::write_attribute(g.id(), "sr_seed", std::int64_t{f.sr_seed});
  h5::write_attribute(g.id(), "parsimony", f.parsimony);
  h5::write_attribute(g.id(), "operations", std::int64_t{f.operations});
  h5::write_attribute(g.id(), "length", static_cast<std::int64_t>(f.length));
  h5::write_attribute(g.id(), "train_rmse", f.train_rmse);
  h5::write_attribute(g.id(), "test_rmse", f.test_rmse);
  h5::write_attribute(g.id(), "seconds", f.seconds);
  if (!f.grid_values.empty())
    h5::write_dataset(g.id(), "grid_values", dims(f.grid_values.size()), f.grid_values);
}

ExplanationFit read_fit_record(hid_t parent, const std::string& name) {
  const h5::Group g = h5::open_group(parent, name);
  ExplanationFit f;
  f.instance = h5::read_string_attribute(g.id(), "instance");
  f.program = h5::read_string_attribute(g.id(), "program");
  f.formula = h5::read_string_attribute(g.id(), "formula");
  f.latex = h5::read_string_attribute(g.id(), "latex");
  f.repetition = static_cast<int>(h5::read_int_attribute(g.id(), "repetition"));
  f.sr_seed = static_cast<int>(h5::read_int_attribute(g.id(), "sr_seed"));
  f.parsimony = h5::read_double_attribute(g.id(), "parsimony");
  f.operations = static_cast<int>(h5::read_int_attribute(g.id(), "operations"));
  f.length = static_cast<std::size_t>(h5::read_int_attribute(g.id(), "length"));
  f.train_rmse = h5::read_double_attribute(g.id(), "train_rmse");
  f.test_rmse = h5::read_double_attribute(g.id(), "test_rmse");
  f.seconds = h5::read_double_attribute(g.id(), "seconds");
  if (h5::link_exists(g.id(), "grid_values"))
    f.grid_values = h5::read_doubles(g.id(), "grid_values");
  return f;
}

void write_baseline_record(hid_t parent, const std::string& name, const ExplanationBaseline& b) {
  const h5::Group g = h5::create_group(parent, name);
  h5::write_attribute(g.id(), "instance", b.instance);
  h5::write_attribute(g.id(), "repetition", std::int64_t{b.repetition});
  h5::write_attribute(g.id(), "gp_rmse", b.gp_rmse);
  h5::write_attribute(g.id(), "linear_rmse", b.linear_rmse);
}

ExplanationBaseline read_baseline_record(hid_t parent, const std::string& name) {
  const h5::Group g = h5::open_group(parent, name);
  return {h5::read_string_attribute(g.id(), "instance"),
          static_cast<int>(h5::read_int_attribute(g.id(), "repetition")),
          h5::read_double_attribute(g.id(), "gp_rmse"),
          h5::read_double_attribute(g.id(), "linear_rmse")};
}

/// The records of `kind` under `group`, in the order they were appended (names 0, 1, 2, ...).
template <class Read>
auto read_records(hid_t group, const char* kind, Read read) {
  std::vector<decltype(read(hid_t{}, std::string()))> out;
  if (!h5::link_exists(group, kind)) return out;
  const h5::Group g = h5::open_group(group, kind);
  const std::size_t count = h5::link_names(g.id()).size();
  for (std::size_t i = 0; i < count; ++i) out.push_back(read(g.id(), std::to_string(i)));
  return out;
}

}  // namespace

void write_symbolic_results(const std::filesystem::path& store, const JobDescription& job,
                            const ExplanationResults& results) {
  {
    StoreWriter writer(store, job, {});  // creates the store, or checks it is this job's
    writer.close();
  }
  FileLock lock(store.string() + ".lock", store);
  StoreMetadata metadata;
  h5::File file = store_schema::open_checked(store, true, metadata);
  store_schema::translate(
      store, "write the symbolic explanations",
      [&] {
        const hid_t root = file.id();
        if (!h5::link_exists(root, symbolic_group)) h5::create_group(root, symbolic_group);
        const h5::Group group = h5::open_group(root, symbolic_group);
        if (h5::link_exists(group.id(), results.name)) h5::delete_link(group.id(), results.name);
        write_table(group.id(), results);
        // the table is complete: its progress records are no longer needed
        if (h5::link_exists(root, progress_group)) {
          const h5::Group progress = h5::open_group(root, progress_group);
          if (h5::link_exists(progress.id(), results.name))
            h5::delete_link(progress.id(), results.name);
        }
        h5::flush(file);
        h5::close(file);
      },
      store_schema::write_fix());
}

void open_symbolic_store(const std::filesystem::path& store, const JobDescription& job) {
  StoreWriter writer(store, job, {});  // creates the store, or checks it is this job's
  writer.close();
}

void append_symbolic_progress(const std::filesystem::path& store,
                              const ExplanationResults& fragment) {
  FileLock lock(store.string() + ".lock", store);
  StoreMetadata metadata;
  h5::File file = store_schema::open_checked(store, true, metadata);
  store_schema::translate(
      store, "store symbolic-regression fits",
      [&] {
        const h5::Group progress = child(file.id(), progress_group);
        const h5::Group table = child(progress.id(), fragment.name);
        const auto append = [&](const char* kind, std::size_t count, auto write_one) {
          if (count == 0) return;
          const h5::Group g = child(table.id(), kind);
          std::size_t next = h5::link_names(g.id()).size();
          for (std::size_t i = 0; i < count; ++i) write_one(g.id(), std::to_string(next++), i);
        };
        append("fits", fragment.fits.size(), [&](hid_t g, const std::string& n, std::size_t i) {
          write_fit_record(g, n, fragment.fits[i]);
        });
        append("baselines", fragment.baselines.size(),
               [&](hid_t g, const std::string& n, std::size_t i) {
                 write_baseline_record(g, n, fragment.baselines[i]);
               });
        append("landscapes", fragment.landscapes.size(),
               [&](hid_t g, const std::string& n, std::size_t i) {
                 write_landscape(g, n, fragment.landscapes[i]);
               });
        h5::flush(file);
        h5::close(file);
      },
      store_schema::write_fix());
}

ExplanationResults read_symbolic_progress(const std::filesystem::path& store,
                                          const std::string& table) {
  StoreMetadata metadata;
  const h5::File file = store_schema::open_checked(store, false, metadata);
  return store_schema::translate(store, "read its symbolic-regression progress", [&] {
    ExplanationResults out;
    out.name = table;
    const hid_t root = file.id();
    if (!h5::link_exists(root, progress_group)) return out;
    const h5::Group progress = h5::open_group(root, progress_group);
    if (!h5::link_exists(progress.id(), table)) return out;
    const h5::Group g = h5::open_group(progress.id(), table);
    out.fits = read_records(g.id(), "fits", read_fit_record);
    out.baselines = read_records(g.id(), "baselines", read_baseline_record);
    out.landscapes = read_records(g.id(), "landscapes", read_landscape);
    return out;
  });
}

std::vector<ExplanationResults> read_symbolic_results(const std::filesystem::path& store) {
  StoreMetadata metadata;
  const h5::File file = store_schema::open_checked(store, false, metadata);
  return store_schema::translate(store, "read its symbolic explanations", [&] {
    std::vector<ExplanationResults> out;
    const hid_t root = file.id();
    if (!h5::link_exists(root, symbolic_group)) return out;
    const h5::Group group = h5::open_group(root, symbolic_group);
    for (const std::string& name : h5::link_names(group.id()))
      out.push_back(read_table(group.id(), name));
    return out;
  });
}

}  // namespace hypershap
