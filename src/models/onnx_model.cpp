#include "hypershap/models/onnx_model.hpp"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "hypershap/core/error.hpp"
#include "onnx_operators.hpp"

namespace hypershap::onnx {

namespace {

std::size_t sz(std::int64_t n) { return static_cast<std::size_t>(n); }

/// One node left to evaluate at run time.
struct Step {
  std::string op_type;
  std::string name;
  std::vector<int> inputs;  // value slots, -1 for an omitted optional input
  int output = -1;
  detail::Kernel kernel;
  std::vector<int> release;  // slots no later step reads: freed after this step
};

std::string node_label(const ::onnx::NodeProto& node, int index) {
  return node.op_type() + " node '" +
         (node.name().empty() ? "#" + std::to_string(index) : node.name()) + "'";
}

ElementType element_type(int code, const std::string& where) {
  switch (code) {
    case ::onnx::TensorProto::FLOAT: return ElementType::float32;
    case ::onnx::TensorProto::INT32: return ElementType::int32;
    case ::onnx::TensorProto::INT64: return ElementType::int64;
    case ::onnx::TensorProto::DOUBLE: return ElementType::float64;
    default:
      throw std::invalid_argument(where + " has ONNX data type " + std::to_string(code) +
                                  ", which the interpreter does not support (float, int32, "
                                  "int64, double)");
  }
}

template <class T, class Field>
std::vector<T> tensor_values(const ::onnx::TensorProto& proto, const Field& field,
                             std::size_t count) {
  std::vector<T> values(count);
  if (proto.has_raw_data()) {
    const std::string& raw = proto.raw_data();
    if (raw.size() != count * sizeof(T))
      throw std::invalid_argument("tensor '" + proto.name() + "' has " +
                                  std::to_string(raw.size()) + " raw bytes for " +
                                  std::to_string(count) + " elements");
    std::memcpy(values.data(), raw.data(), raw.size());  // ONNX raw data is little-endian
    return values;
  }
  if (static_cast<std::size_t>(field.size()) != count)
    throw std::invalid_argument("tensor '" + proto.name() + "' has " +
                                std::to_string(field.size()) + " values for " +
                                std::to_string(count) + " elements");
  for (std::size_t i = 0; i < count; ++i)
    values[i] = static_cast<T>(field.Get(static_cast<int>(i)));
  return values;
}

Tensor tensor_from_proto(const ::onnx::TensorProto& proto) {
  if (proto.data_location() == ::onnx::TensorProto::EXTERNAL)
    throw std::invalid_argument("tensor '" + proto.name() +
                                "' keeps its data in an external file, which is not supported");
  Shape shape(proto.dims().begin(), proto.dims().end());
  const std::size_t count = sz(element_count(shape));
  switch (element_type(proto.data_type(), "tensor '" + proto.name() + "'")) {
    case ElementType::float32:
      return Tensor(shape, tensor_values<float>(proto, proto.float_data(), count));
    case ElementType::int32:
      return Tensor(shape, tensor_values<std::int32_t>(proto, proto.int32_data(), count));
    case ElementType::int64:
      return Tensor(shape, tensor_values<std::int64_t>(proto, proto.int64_data(), count));
    case ElementType::float64:
      return Tensor(shape, tensor_values<double>(proto, proto.double_data(), count));
  }
  throw std::invalid_argument("unknown element type");
}

ValueInfo value_info(const ::onnx::ValueInfoProto& proto) {
  ValueInfo info;
  info.name = proto.name();
  const auto& tensor_type = proto.type().tensor_type();
  info.type = element_type(tensor_type.elem_type(), "graph value '" + proto.name() + "'");
  info.shape_known = tensor_type.has_shape();
  for (const auto& dim : tensor_type.shape().dim())
    info.shape.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
  return info;
}

detail::Attributes attributes_of(const ::onnx::NodeProto& node) {
  detail::Attributes attributes;
  for (const auto& a : node.attribute()) {
    switch (a.type()) {
      case ::onnx::AttributeProto::INT: attributes.ints[a.name()] = a.i(); break;
      case ::onnx::AttributeProto::FLOAT: attributes.floats[a.name()] = a.f(); break;
      case ::onnx::AttributeProto::INTS:
        attributes.int_lists[a.name()] =
            std::vector<std::int64_t>(a.ints().begin(), a.ints().end());
        break;
      case ::onnx::AttributeProto::TENSOR:
        attributes.tensors.emplace(a.name(), tensor_from_proto(a.t()));
        break;
      case ::onnx::AttributeProto::FLOATS:
        if (node.op_type() == "Constant") {
          std::vector<float> values(a.floats().begin(), a.floats().end());
          const auto count = static_cast<std::int64_t>(values.size());
          attributes.tensors.emplace(a.name(), Tensor(Shape{count}, std::move(values)));
          break;
        }
        [[fallthrough]];
      default:
        throw std::invalid_argument("attribute '" + a.name() + "' has a type (" +
                                    std::to_string(a.type()) + ") the interpreter does not read");
    }
  }
  return attributes;
}

/// The value of a Constant node: attribute value, value_float(s) or value_int(s).
Tensor constant_value(const detail::Attributes& attributes) {
  if (const auto it = attributes.tensors.find("value"); it != attributes.tensors.end())
    return it->second;
  if (const auto it = attributes.tensors.find("value_floats"); it != attributes.tensors.end())
    return it->second;
  if (const auto it = attributes.floats.find("value_float"); it != attributes.floats.end())
    return Tensor(Shape{}, std::vector<float>{it->second});
  if (const auto it = attributes.ints.find("value_int"); it != attributes.ints.end())
    return Tensor(Shape{}, std::vector<std::int64_t>{it->second});
  if (const auto it = attributes.int_lists.find("value_ints"); it != attributes.int_lists.end()) {
    const auto count = static_cast<std::int64_t>(it->second.size());
    return Tensor(Shape{count}, it->second);
  }
  throw std::invalid_argument(
      "Constant has none of the attributes value, value_float, "
      "value_floats, value_int, value_ints");
}

}  // namespace

const std::vector<std::string>& supported_operators() { return detail::supported_operator_names(); }

struct Model::Impl {
  std::string origin;
  std::vector<ValueInfo> inputs;
  std::vector<ValueInfo> outputs;
  std::vector<int> input_slots;
  std::vector<int> output_slots;
  std::vector<std::shared_ptr<const Tensor>> constants;  // per slot; null where computed at run
  std::vector<Step> steps;
};

Model Model::from_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw io_error(path.string() + ": cannot open the ONNX model; check the path and permissions");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (!file && !file.eof()) throw io_error(path.string() + ": cannot read the ONNX model");
  return from_bytes(bytes.str(), path.string());
}

namespace {

/// The opset the interpreter implements: ai.onnx 13 or newer.
void check_opset(const ::onnx::ModelProto& proto, const std::string& origin) {
  for (const auto& opset : proto.opset_import()) {
    if ((opset.domain().empty() || opset.domain() == "ai.onnx") && opset.version() < 13)
      throw invalid_input(origin + ": opset_import ai.onnx version " +
                          std::to_string(opset.version()) +
                          " is older than 13, the semantics the interpreter implements; "
                          "convert the model to opset 13 or newer");
  }
}

/// Turns a graph into the interpreter's plan: every value a slot, constants folded at load, the
/// other nodes steps in topological order, each intermediate freed after its last reader.
class GraphLoader {
 public:
  explicit GraphLoader(const std::string& origin) : impl_(std::make_shared<Model::Impl>()) {
    impl_->origin = origin;
  }

  /// Initializers, graph inputs and outputs.
  void read_interface(const ::onnx::GraphProto& graph) {
    try {
      for (const auto& initializer : graph.initializer()) {
        const int s = slot(initializer.name());
        impl_->constants[sz(s)] = std::make_shared<const Tensor>(tensor_from_proto(initializer));
        define(s);
      }
      for (const auto& input : graph.input()) {
        const int s = slot(input.name());
        if (impl_->constants[sz(s)] != nullptr) continue;  // an initializer listed as input
        impl_->inputs.push_back(value_info(input));
        impl_->input_slots.push_back(s);
        define(s);
      }
      for (const auto& output : graph.output()) {
        impl_->outputs.push_back(value_info(output));
        impl_->output_slots.push_back(slot(output.name()));
      }
    } catch (const std::invalid_argument& e) {
      throw invalid_input(impl_->origin + ": " + e.what());
    }
  }

  /// One node: refused when the interpreter cannot run it, folded when its inputs are constant.
  void add_node(const ::onnx::NodeProto& node, int index) {
    const std::string label = node_label(node, index);
    check_node(node, label);
    try {
      const detail::Attributes attributes = attributes_of(node);
      const int out = slot(node.output(0));
      if (node.op_type() == "Constant") {
        impl_->constants[sz(out)] = std::make_shared<const Tensor>(constant_value(attributes));
        define(out);
        return;
      }
      Step step;
      step.op_type = node.op_type();
      step.name = node.name().empty() ? "#" + std::to_string(index) : node.name();
      step.output = out;
      detail::Inputs known;
      bool all_known = true;
      for (const std::string& name : node.input()) {
        if (name.empty()) {
          step.inputs.push_back(-1);
          known.push_back(nullptr);
          continue;
        }
        const auto it = slot_of_.find(name);
        if (it == slot_of_.end() || !is_defined(it->second))
          throw std::invalid_argument("input '" + name +
                                      "' is not computed before it (the graph is not in "
                                      "topological order or the value is missing)");
        step.inputs.push_back(it->second);
        known.push_back(impl_->constants[sz(it->second)].get());
        all_known = all_known && known.back() != nullptr;
      }
      step.kernel = detail::make_kernel(node.op_type(), attributes, known);
      if (all_known) {  // constant folding: evaluate once at load
        impl_->constants[sz(out)] = std::make_shared<const Tensor>(step.kernel(known));
      } else {
        impl_->steps.push_back(std::move(step));
      }
      define(out);
    } catch (const std::invalid_argument& e) {
      throw invalid_input(impl_->origin + ": " + label + ": " + e.what());
    }
  }

  /// Every output computed; each intermediate value freed after the last step that reads it.
  std::shared_ptr<const Model::Impl> finish() {
    for (std::size_t i = 0; i < impl_->outputs.size(); ++i)
      if (!is_defined(impl_->output_slots[i]))
        throw invalid_input(impl_->origin + ": graph output '" + impl_->outputs[i].name +
                            "' is computed by no node");
    std::vector<int> last_use(impl_->constants.size(), -1);
    for (std::size_t i = 0; i < impl_->steps.size(); ++i)
      for (const int s : impl_->steps[i].inputs)
        if (s >= 0) last_use[sz(s)] = static_cast<int>(i);
    for (std::size_t s = 0; s < last_use.size(); ++s) {
      const bool is_output = std::find(impl_->output_slots.begin(), impl_->output_slots.end(),
                                       static_cast<int>(s)) != impl_->output_slots.end();
      if (last_use[s] >= 0 && impl_->constants[s] == nullptr && !is_output)
        impl_->steps[sz(last_use[s])].release.push_back(static_cast<int>(s));
    }
    return impl_;
  }

 private:
  void check_node(const ::onnx::NodeProto& node, const std::string& label) const {
    const std::string& origin = impl_->origin;
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      throw invalid_input(origin + ": " + label + " is in operator domain '" + node.domain() +
                          "', which the interpreter does not implement");
    if (!detail::is_supported(node.op_type())) {
      std::string list;
      for (const std::string& op : supported_operators()) list += (list.empty() ? "" : ", ") + op;
      throw invalid_input(origin + ": unsupported operator " + node.op_type() + " in " + label +
                          "; the interpreter implements " + list);
    }
    if (node.output_size() < 1 || node.output(0).empty())
      throw invalid_input(origin + ": " + label + " has no output");
    for (int o = 1; o < node.output_size(); ++o)
      if (!node.output(o).empty())
        throw invalid_input(origin + ": " + label + " has a second output '" + node.output(o) +
                            "'; the interpreter computes only the first output of a node");
  }

  int slot(const std::string& name) {
    const auto [it, inserted] = slot_of_.emplace(name, static_cast<int>(impl_->constants.size()));
    if (inserted) impl_->constants.emplace_back();
    return it->second;
  }
  void define(int s) {
    if (defined_.size() <= sz(s)) defined_.resize(sz(s) + 1, false);
    defined_[sz(s)] = true;
  }
  bool is_defined(int s) const { return sz(s) < defined_.size() && defined_[sz(s)]; }

  std::shared_ptr<Model::Impl> impl_;
  std::unordered_map<std::string, int> slot_of_;
  std::vector<bool> defined_;
};

}  // namespace

Model Model::from_bytes(const std::string& bytes, const std::string& origin) {
  ::onnx::ModelProto proto;
  if (!proto.ParseFromString(bytes))
    throw invalid_input(
        origin + ": not a valid ONNX model (the protobuf does not parse); give a .onnx file");
  check_opset(proto, origin);
  const ::onnx::GraphProto& graph = proto.graph();
  GraphLoader loader(origin);
  loader.read_interface(graph);
  for (int index = 0; index < graph.node_size(); ++index) loader.add_node(graph.node(index), index);
  return Model(loader.finish());
}

const std::vector<ValueInfo>& Model::inputs() const { return impl_->inputs; }
const std::vector<ValueInfo>& Model::outputs() const { return impl_->outputs; }
std::size_t Model::runtime_node_count() const { return impl_->steps.size(); }

NamedTensors Model::run(const NamedTensors& inputs) const {
  const Impl& m = *impl_;
  std::vector<Tensor> values(m.constants.size());
  std::vector<const Tensor*> at(m.constants.size(), nullptr);
  for (std::size_t s = 0; s < m.constants.size(); ++s) at[s] = m.constants[s].get();

  for (std::size_t i = 0; i < m.inputs.size(); ++i) {
    const ValueInfo& info = m.inputs[i];
    const auto it = inputs.find(info.name);
    if (it == inputs.end()) {
      std::string given;
      for (const auto& [name, tensor] : inputs) given += (given.empty() ? "" : ", ") + name;
      throw invalid_input(m.origin + ": input '" + info.name +
                          "' is missing (given: " + (given.empty() ? "none" : given) +
                          "); pass a tensor named '" + info.name + "'");
    }
    const Tensor& t = it->second;
    bool shape_ok = !info.shape_known || t.shape().size() == info.shape.size();
    for (std::size_t d = 0; shape_ok && info.shape_known && d < info.shape.size(); ++d)
      shape_ok = info.shape[d] < 0 || info.shape[d] == t.shape()[d];
    if (t.type() != info.type || !shape_ok)
      throw invalid_input(m.origin + ": input '" + info.name + "' must be " + to_string(info.type) +
                          " of shape " + to_string(info.shape) + " (-1: any size), got " +
                          to_string(t.type()) + " of shape " + to_string(t.shape()));
    at[sz(m.input_slots[i])] = &t;
  }
  for (const auto& [name, tensor] : inputs) {
    const bool declared = std::any_of(m.inputs.begin(), m.inputs.end(),
                                      [&](const ValueInfo& v) { return v.name == name; });
    if (!declared) {
      std::string expected;
      for (const ValueInfo& v : m.inputs) expected += (expected.empty() ? "" : ", ") + v.name;
      throw invalid_input(m.origin + ": the model has no input '" + name + "'; its inputs are " +
                          expected);
    }
  }

  detail::Inputs in;
  for (const Step& step : m.steps) {
    in.clear();
    for (const int s : step.inputs) in.push_back(s < 0 ? nullptr : at[sz(s)]);
    try {
      values[sz(step.output)] = step.kernel(in);
    } catch (const std::invalid_argument& e) {
      throw invalid_input(m.origin + ": " + step.op_type + " node '" + step.name +
                          "': " + e.what());
    }
    at[sz(step.output)] = &values[sz(step.output)];
    for (const int s : step.release) {
      detail::recycle(values[sz(s)]);
      at[sz(s)] = nullptr;
    }
  }

  NamedTensors outputs;
  for (std::size_t i = 0; i < m.outputs.size(); ++i) {
    const int s = m.output_slots[i];
    if (m.constants[sz(s)] != nullptr || at[sz(s)] != &values[sz(s)])
      outputs.emplace(m.outputs[i].name, *at[sz(s)]);
    else
      outputs.emplace(m.outputs[i].name, std::move(values[sz(s)]));
  }
  return outputs;
}

}  // namespace hypershap::onnx
