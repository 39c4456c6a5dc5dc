#pragma once
// Builds tiny ONNX graphs with the protobuf classes of libonnx-dev, so that every operator is
// tested through the same loading path as the YAHPO models.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/models/onnx_model.hpp"

namespace hypershap::test {

class GraphBuilder {
 public:
  GraphBuilder() {
    model_.set_ir_version(7);
    model_.add_opset_import()->set_version(13);
  }

  /// A graph input; -1 in `dims` is a dynamic dimension, no dims at all an unknown shape.
  GraphBuilder& input(const std::string& name, int elem_type,
                      const std::vector<std::int64_t>& dims) {
    value_info(model_.mutable_graph()->add_input(), name, elem_type, dims);
    return *this;
  }
  GraphBuilder& output(const std::string& name, int elem_type,
                       const std::vector<std::int64_t>& dims) {
    value_info(model_.mutable_graph()->add_output(), name, elem_type, dims);
    return *this;
  }
  GraphBuilder& initializer(const std::string& name, const std::vector<std::int64_t>& dims,
                            const std::vector<float>& values) {
    ::onnx::TensorProto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::FLOAT);
    for (const std::int64_t d : dims) t->add_dims(d);
    for (const float v : values) t->add_float_data(v);
    return *this;
  }
  GraphBuilder& initializer_int64(const std::string& name, const std::vector<std::int64_t>& dims,
                                  const std::vector<std::int64_t>& values) {
    ::onnx::TensorProto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::INT64);
    for (const std::int64_t d : dims) t->add_dims(d);
    for (const std::int64_t v : values) t->add_int64_data(v);
    return *this;
  }

  ::onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs, const std::string& name = "") {
    ::onnx::NodeProto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name.empty() ? op + "_" + std::to_string(model_.graph().node_size()) : name);
    for (const std::string& i : inputs) n->add_input(i);
    for (const std::string& o : outputs) n->add_output(o);
    return *n;
  }

  onnx::Model build() const {
    return onnx::Model::from_bytes(model_.SerializeAsString(), "test graph");
  }

 private:
  static void value_info(::onnx::ValueInfoProto* v, const std::string& name, int elem_type,
                         const std::vector<std::int64_t>& dims) {
    v->set_name(name);
    auto* tensor = v->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(elem_type);
    if (dims.empty()) return;
    auto* shape = tensor->mutable_shape();
    for (const std::int64_t d : dims) {
      auto* dim = shape->add_dim();
      if (d < 0)
        dim->set_dim_param("batch");
      else
        dim->set_dim_value(d);
    }
  }

  ::onnx::ModelProto model_;
};

inline void set_int(::onnx::NodeProto& node, const std::string& name, std::int64_t value) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(::onnx::AttributeProto::INT);
  a->set_i(value);
}

inline void set_float(::onnx::NodeProto& node, const std::string& name, float value) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(::onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

}  // namespace hypershap::test
