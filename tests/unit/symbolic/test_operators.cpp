#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/functions.hpp"
#include "hypershap/symbolic/operators.hpp"

using namespace hypershap;
using namespace hypershap::symbolic;

namespace {

/// A recursive evaluator written independently of the batch evaluator (one row at a time).
double reference(const Program& p, std::size_t& at, const Eigen::VectorXd& row) {
  const Node& n = p[at++];
  if (n.op == Op::variable) return row(static_cast<Eigen::Index>(n.variable));
  if (n.op == Op::constant) return n.value;
  const double a = reference(p, at, row);
  const double b = arity(n.op) == 2 ? reference(p, at, row) : 0.0;
  return apply_function(n.op, a, b);
}

Program unary(Op op) { return {Node::function(op), Node::feature(0)}; }
Program binary(Op op) { return {Node::function(op), Node::feature(0), Node::feature(1)}; }

}  // namespace

TEST_CASE("every function and protection against hand-computed values") {
  CHECK(protected_div(1.0, 0.0005) == 1.0);  // |den| <= 0.001: 1
  CHECK(protected_div(3.0, -0.001) == 1.0);  // the threshold itself is protected
  CHECK(protected_div(1.0, 0.002) == doctest::Approx(500.0));
  CHECK(protected_div(-6.0, 4.0) == -1.5);
  CHECK(protected_sqrt(-4.0) == 2.0);
  CHECK(protected_sqrt(9.0) == 3.0);
  CHECK(protected_log(-std::exp(1.0)) == doctest::Approx(1.0));
  CHECK(protected_log(0.0005) == 0.0);
  CHECK(protected_log(-0.001) == 0.0);
  CHECK(protected_log(0.01) == doctest::Approx(std::log(0.01)));
  CHECK(capped_exp(20.0) == 100000.0);  // e^20 > 100000
  CHECK(capped_exp(std::log(100000.0) - 1e-9) < 100000.0);
  CHECK(capped_exp(1.0) == doctest::Approx(2.718281828459045));
  CHECK(std::isnan(capped_exp(std::nan(""))));

  // The batch kernels give the same values over 600 rows (three batches, the last partial),
  // the protection boundaries included.
  const double probes[] = {-3.0,   -1.0, -0.0015, -0.001, -0.0005, 0.0,  0.0005, 0.001,
                           0.0011, 0.5,  1.0,     2.0,    11.6,    12.0, 30.0};
  const Eigen::Index rows = 600;
  Eigen::MatrixXd data(rows, 2);
  for (Eigen::Index r = 0; r < rows; ++r) {
    data(r, 0) = probes[r % 15];
    data(r, 1) = probes[(r * 7 + 3) % 15];
  }
  Evaluator evaluator;
  const std::map<Op, double (*)(double, double)> expected{
      {Op::add, [](double a, double b) { return a + b; }},
      {Op::sub, [](double a, double b) { return a - b; }},
      {Op::mul, [](double a, double b) { return a * b; }},
      {Op::div, [](double a, double b) { return std::abs(b) > 0.001 ? a / b : 1.0; }},
      {Op::sqrt, [](double a, double) { return std::sqrt(std::abs(a)); }},
      {Op::log, [](double a, double) { return std::abs(a) > 0.001 ? std::log(std::abs(a)) : 0.0; }},
      {Op::sin, [](double a, double) { return std::sin(a); }},
      {Op::cos, [](double a, double) { return std::cos(a); }},
      {Op::abs, [](double a, double) { return std::abs(a); }},
      {Op::exp, [](double a, double) { return std::min(std::exp(a), 100000.0); }}};
  for (const auto& [op, f] : expected) {
    CAPTURE(function_name(op));
    const Eigen::VectorXd values = evaluator.predict(arity(op) == 2 ? binary(op) : unary(op), data);
    for (Eigen::Index r = 0; r < rows; ++r) {
      const double want = f(data(r, 0), data(r, 1));
      CHECK(values(r) == doctest::Approx(want).epsilon(1e-14));
    }
  }
}

TEST_CASE("the batch evaluator agrees with a row-by-row evaluation on random programs") {
  Rng rng(11);
  const Eigen::Index rows = 300;
  Eigen::MatrixXd data(rows, 3);
  for (Eigen::Index i = 0; i < data.size(); ++i) data.data()[i] = rng.uniform(-3.0, 3.0);
  ProgramShape shape;
  shape.features = 3;
  Evaluator evaluator;
  for (int k = 0; k < 200; ++k) {
    const Program p = random_program(shape, rng);
    const Eigen::VectorXd values = evaluator.predict(p, data);
    Eigen::VectorXd target(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
      std::size_t at = 0;
      const double want = reference(p, at, data.row(r).transpose());
      target(r) = want;
      if (std::isfinite(want))
        CHECK(values(r) == doctest::Approx(want).epsilon(1e-9));
      else
        CHECK(!std::isfinite(values(r)));
    }
    if (target.allFinite()) CHECK(evaluator.rmse(p, data, target) == doctest::Approx(0.0));
  }
  // RMSE by hand: predictions 1, 2, 3 (X0) against 1, 1, 1: sqrt((0 + 1 + 4) / 3).
  Eigen::MatrixXd x(3, 1);
  x << 1.0, 2.0, 3.0;
  CHECK(evaluator.rmse({Node::feature(0)}, x, Eigen::VectorXd::Ones(3)) ==
        doctest::Approx(std::sqrt(5.0 / 3.0)));
  CHECK(evaluator.rmse({Node::number(0.25)}, x, Eigen::VectorXd::Ones(3)) == doctest::Approx(0.75));
  // A non-finite prediction (inf - inf) makes the RMSE +infinity, never nan.
  const Program overflow{Node::function(Op::sub), Node::function(Op::mul), Node::number(1e300),
                         Node::number(1e300),     Node::function(Op::mul), Node::number(1e300),
                         Node::number(1e300)};
  CHECK(std::isinf(evaluator.rmse(overflow, x, Eigen::VectorXd::Ones(3))));
}

TEST_CASE("ramped half-and-half initialisation makes complete programs of depth 1 to 6") {
  ProgramShape shape;
  shape.features = 2;
  Rng rng(3);
  std::map<int, int> depths;
  int constants = 0, terminals = 0;
  for (int k = 0; k < 4000; ++k) {
    const Program p = random_program(shape, rng);
    REQUIRE(is_complete(p));
    CHECK(p[0].is_function());  // gplearn starts every program with a function
    ++depths[program_depth(p)];
    for (const Node& n : p) {
      if (n.op == Op::constant) {
        ++constants;
        CHECK(n.value >= -1.0);
        CHECK(n.value < 1.0);
      }
      if (!n.is_function()) ++terminals;
    }
  }
  CHECK(depths.begin()->first >= 1);
  CHECK(depths.rbegin()->first == 6);
  for (int d = 2; d <= 6; ++d) CHECK(depths[d] > 100);  // 'full' trees reach each drawn depth
  // A terminal is a constant with chance 1 / (features + 1).
  CHECK(static_cast<double>(constants) / terminals == doctest::Approx(1.0 / 3.0).epsilon(0.05));
}

TEST_CASE("init_depth (2, 6) draws maximum depths 2 to 6, both ends, as gplearn") {
  // gplearn's _Program stores init_depth as (low, high + 1) and draws randint(low, high + 1), so
  // both ends are drawn. With one feature 'grow' picks a function whenever the depth allows
  // (gplearn's `choice <= len(function_set)` with choice = randint(1 + 10) always holds), so
  // every program reaches its drawn depth: depths 2, 3, 4, 5, 6 a fifth each, never 1. (gplearn
  // 0.4.2 itself, 4000 programs: 762, 787, 830, 797, 824.)
  ProgramShape shape;
  shape.features = 1;
  Rng rng(17);
  std::map<int, int> depths;
  for (int k = 0; k < 4000; ++k) ++depths[program_depth(random_program(shape, rng))];
  REQUIRE(depths.size() == 5);
  for (int d = 2; d <= 6; ++d) CHECK(depths.at(d) == doctest::Approx(800).epsilon(0.1));
  shape.min_init_depth = shape.max_init_depth = 3;
  for (int k = 0; k < 100; ++k) CHECK(program_depth(random_program(shape, rng)) == 3);
}

TEST_CASE("subtree choice weights functions 0.9 and terminals 0.1 (Koza)") {
  const Program p{Node::function(Op::add), Node::feature(0), Node::feature(1)};
  Rng rng(5);
  int root = 0;
  const int draws = 20000;
  for (int k = 0; k < draws; ++k) {
    const auto [start, end] = random_subtree(p, rng);
    CHECK(end == subtree_end(p, start));
    if (start == 0) ++root;
  }
  CHECK(static_cast<double>(root) / draws == doctest::Approx(0.9 / 1.1).epsilon(0.02));
}

TEST_CASE("tournament: the fittest of the drawn contenders, the first of equals") {
  const std::vector<double> fitness{5.0, 3.0, 9.0, 1.0};
  Rng rng(9);
  for (int k = 0; k < 50; ++k) CHECK(tournament(fitness, 200, rng) == 3);
  std::vector<int> counts(4);
  for (int k = 0; k < 8000; ++k) ++counts[tournament(fitness, 1, rng)];
  for (const int c : counts) CHECK(c == doctest::Approx(2000).epsilon(0.1));
  const std::vector<double> tied{2.0, 2.0};
  Rng a(4), b(4);
  const std::size_t first = b.below(2);
  (void)b.below(2);
  CHECK(tournament(tied, 2, a) == first);
}

TEST_CASE("crossover, subtree, hoist and point mutation splice subtrees as gplearn does") {
  ProgramShape shape;
  shape.features = 2;
  Rng maker(21);
  for (std::uint64_t k = 0; k < 300; ++k) {
    const Program parent = random_program(shape, maker);
    const Program donor = random_program(shape, maker);

    // Crossover replays: the same stream chooses the same subtrees.
    Rng r1(k), r2(k);
    const Program child = crossover(parent, donor, r1);
    const auto [s, e] = random_subtree(parent, r2);
    const auto [ds, de] = random_subtree(donor, r2);
    Program expected(parent.begin(), parent.begin() + static_cast<long>(s));
    expected.insert(expected.end(), donor.begin() + static_cast<long>(ds),
                    donor.begin() + static_cast<long>(de));
    expected.insert(expected.end(), parent.begin() + static_cast<long>(e), parent.end());
    REQUIRE(child.size() == expected.size());
    for (std::size_t i = 0; i < child.size(); ++i) CHECK(child[i].op == expected[i].op);
    CHECK(is_complete(child));

    Rng r3(k);
    const Program hoisted = hoist_mutation(parent, r3);
    CHECK(is_complete(hoisted));
    CHECK(hoisted.size() <= parent.size());

    Rng r4(k);
    CHECK(is_complete(subtree_mutation(parent, shape, r4)));

    Rng r5(k);
    const Program mutated = point_mutation(parent, shape, r5);
    REQUIRE(mutated.size() == parent.size());
    for (std::size_t i = 0; i < parent.size(); ++i)
      CHECK(arity(mutated[i].op) == arity(parent[i].op));  // functions keep their arity
  }
  // With p_point_replace = 1 every node is redrawn: a chain of sqrt stays unary.
  shape.p_point_replace = 1.0;
  Rng rng(2);
  const Program chain{Node::function(Op::sqrt), Node::function(Op::sqrt), Node::number(5.0)};
  const Program m = point_mutation(chain, shape, rng);
  CHECK(arity(m[0].op) == 1);
  CHECK(arity(m[1].op) == 1);
  CHECK((m[2].op == Op::variable || (m[2].op == Op::constant && std::abs(m[2].value) <= 1.0)));
  // Hoisting from a known program: the result is a subtree of the chosen subtree.
  const Program p{Node::function(Op::add), Node::function(Op::sin), Node::feature(0),
                  Node::feature(1)};
  for (std::uint64_t k = 0; k < 50; ++k) {
    Rng r(k);
    const Program h = hoist_mutation(p, r);
    CHECK(is_complete(h));
    CHECK(h.size() <= 4);
  }
}

TEST_CASE("the evaluator's sin and cos agree with the C library's to 1e-15") {
  Rng rng(8);
  const Eigen::Index rows = 20000;
  Eigen::MatrixXd x(rows, 1);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const double scale = r % 4 == 0 ? 1.0 : r % 4 == 1 ? 100.0 : r % 4 == 2 ? 6e5 : 1e9;
    x(r, 0) = rng.uniform(-scale, scale);
  }
  x(0, 0) = 0.0;
  x(1, 0) = M_PI / 2;
  x(2, 0) = -M_PI;
  x(3, 0) = 524288.0;
  x(4, 0) = 1e300;
  Evaluator evaluator;
  const Eigen::VectorXd s = evaluator.predict({Node::function(Op::sin), Node::feature(0)}, x);
  const Eigen::VectorXd c = evaluator.predict({Node::function(Op::cos), Node::feature(0)}, x);
  double worst = 0.0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    worst = std::max(worst, std::abs(s(r) - std::sin(x(r, 0))));
    worst = std::max(worst, std::abs(c(r) - std::cos(x(r, 0))));
  }
  CHECK(worst <= 1e-15);
  x(5, 0) = std::nan("");
  CHECK(std::isnan(evaluator.predict({Node::function(Op::cos), Node::feature(0)}, x)(5)));
}
