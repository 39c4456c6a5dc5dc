#include "hypershap/store/model_fit.hpp"

#include <cmath>
#include <limits>

#include "hdf5.hpp"
#include "schema.hpp"

namespace hypershap {

namespace {

constexpr const char* model_group = "model";

// Each figure is an attribute of its own (oob_r2, ...), so h5py users read it by name; `numbers`
// lists them in the model's order.
constexpr const char* number_names = "numbers";

}  // namespace

double StoredModelFit::number(const std::string& name) const {
  for (const auto& [key, value] : numbers)
    if (key == name) return value;
  return std::numeric_limits<double>::quiet_NaN();
}

void write_model_fit(StoreWriter& store, const StoredModelFit& fit) {
  const auto root = static_cast<hid_t>(store.file_id());
  store_schema::translate(
      store.path(), "write the model's fit",
      [&] {
        if (h5::link_exists(root, model_group)) h5::delete_link(root, model_group);
        const h5::Group g = h5::create_group(root, model_group);
        h5::write_attribute(g.id(), "kind", fit.kind);
        h5::write_attribute(g.id(), "description", fit.description);
        h5::write_attribute(g.id(), "metric", fit.metric);
        h5::write_attribute(g.id(), "maximize", std::int64_t{fit.maximize ? 1 : 0});
        h5::write_attribute(g.id(), "negated", std::int64_t{fit.negated ? 1 : 0});
        h5::write_attribute(g.id(), "baseline_value", fit.baseline_value);
        h5::write_attribute(g.id(), "fitted", std::int64_t{fit.fitted ? 1 : 0});
        h5::write_attribute(g.id(), "runs", fit.runs);
        h5::write_attribute(g.id(), "dropped", fit.dropped);
        std::vector<std::string> reasons;
        std::vector<std::uint64_t> counts;
        for (const auto& [reason, count] : fit.dropped_reasons) {
          reasons.push_back(reason);
          counts.push_back(static_cast<std::uint64_t>(count));
        }
        // empty lists are left out (HDF5 has no empty simple dataspace in every reader)
        if (!counts.empty()) {
          h5::write_attribute(g.id(), "dropped_reasons", reasons);
          h5::write_dataset(g.id(), "dropped_counts", {counts.size()}, counts);
        }
        std::vector<std::string> names;
        for (const auto& [name, value] : fit.numbers) {
          names.push_back(name);
          h5::write_attribute(g.id(), name, value);
        }
        if (!names.empty()) h5::write_attribute(g.id(), number_names, names);
        if (!fit.notes.empty()) h5::write_attribute(g.id(), "notes", fit.notes);
        h5::sync(h5::File(H5Iget_file_id(root)));  // a handle of its own, closed after
      },
      store_schema::write_fix());
}

bool has_model_fit(const StoreWriter& store) {
  const auto root = static_cast<hid_t>(store.file_id());
  return store_schema::translate(store.path(), "read it",
                                 [&] { return h5::link_exists(root, model_group); });
}

std::optional<StoredModelFit> read_model_fit(const std::filesystem::path& path) {
  StoreMetadata metadata;
  const h5::File file = store_schema::open_checked(path, false, metadata);
  return store_schema::translate(path, "read its model's fit", [&] {
    std::optional<StoredModelFit> out;
    if (!h5::link_exists(file.id(), model_group)) return out;
    const h5::Group g = h5::open_group(file.id(), model_group);
    StoredModelFit fit;
    fit.kind = h5::read_string_attribute(g.id(), "kind");
    fit.description = h5::read_string_attribute(g.id(), "description");
    fit.metric = h5::read_string_attribute(g.id(), "metric");
    fit.maximize = h5::read_int_attribute(g.id(), "maximize") != 0;
    fit.negated = h5::read_int_attribute(g.id(), "negated") != 0;
    fit.baseline_value = h5::read_double_attribute(g.id(), "baseline_value");
    fit.fitted = h5::read_int_attribute(g.id(), "fitted") != 0;
    fit.runs = h5::read_int_attribute(g.id(), "runs");
    fit.dropped = h5::read_int_attribute(g.id(), "dropped");
    const auto strings = [&](const char* name) {
      return h5::attribute_exists(g.id(), name) ? h5::read_strings_attribute(g.id(), name)
                                                : std::vector<std::string>{};
    };
    const std::vector<std::string> reasons = strings("dropped_reasons");
    std::vector<std::uint64_t> counts;
    if (!reasons.empty()) counts = h5::read_uint64s(g.id(), "dropped_counts");
    for (std::size_t i = 0; i < reasons.size() && i < counts.size(); ++i)
      fit.dropped_reasons.emplace_back(reasons[i], static_cast<std::int64_t>(counts[i]));
    for (const std::string& name : strings(number_names))
      fit.numbers.emplace_back(name, h5::read_double_attribute(g.id(), name));
    fit.notes = strings("notes");
    out = std::move(fit);
    return out;
  });
}

}  // namespace hypershap
