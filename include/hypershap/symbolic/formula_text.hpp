#pragma once
// A formula as text (SymPy's style: 0.5*X0 + sin(X1), x**2, sqrt(x), x/y, abs(x)), as LaTeX and
// as a JSON expression tree ({"op": "add", "args": [...]}, {"number": 0.5}, {"symbol": "X0"}).

#include <nlohmann/json.hpp>
#include <string>

#include "hypershap/symbolic/expression.hpp"

namespace hypershap::symbolic {

std::string to_text(const Expr& e);
std::string to_latex(const Expr& e);
nlohmann::json to_json(const Expr& e);

/// The shortest decimal text that reads back as `value` ("0.104", "2", "1e-05").
std::string shortest_number(double value);

}  // namespace hypershap::symbolic
