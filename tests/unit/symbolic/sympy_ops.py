#!/usr/bin/python3
"""Expected operation counts for tests/unit/symbolic/test_expression.cpp, computed by SymPy.

Each formula is in gplearn's prefix form. SymPy reads it as the paper's code does
(automl/symbolic-explanations, utils/run_utils.py: add/sub/mul/div as operators, real symbols)
and `sympy.count_ops` gives the paper's "operations" (Appendix B). Run with Debian's python3-sympy:
    /usr/bin/python3 tests/unit/symbolic/sympy_ops.py
and paste the printed table into the test when the examples change.
"""
import sympy

EXAMPLES = [
    "add(mul(X0, 0.5), sin(X1))",
    "sub(X0, X1)",
    "mul(-1.0, X0)",
    "sub(mul(-0.5, X0), X1)",
    "div(X0, X1)",
    "div(1.0, X0)",
    "div(mul(X0, X1), mul(X1, add(X0, 0.3)))",
    "add(X0, X0)",
    "mul(X0, X0)",
    "div(X0, mul(X0, X0))",
    "sqrt(X0)",
    "div(1.0, sqrt(X0))",
    "log(X0)",
    "exp(sub(0.0, X0))",
    "mul(0.078, exp(mul(X0, 0.25)))",
    "add(sin(X0), mul(sin(X0), sin(X0)))",
    "sub(0.5, add(X0, X1))",
    "abs(mul(-2.0, X0))",
    "cos(mul(-3.0, X1))",
    "sub(sub(0.0, X0), X1)",
    "mul(add(X0, 1.0), 2.0)",
    "div(X0, 2.0)",
    "abs(exp(X0))",
    "div(sub(X0, X1), add(X0, X1))",
    "mul(X0, mul(X1, div(0.5, cos(X0))))",
]

# Readable formulas (the text hypershap prints for the simplified program; abs is SymPy's Abs):
# SymPy's count of the same text.
READABLE = [  # (formula given to hypershap, the readable text it prints)
    ("sqrt(X0)", "sqrt(abs(X0))"),
    ("log(X0)", "log(abs(X0))"),
    ("div(X0, mul(X1, 2.0))", "0.5*X0/X1"),
    ("mul(mul(X0, X0), X0)", "X0**3"),
    ("sub(0.0, X1)", "-X1"),
    ("0.1041*sqrt(abs(sin(a))) + 0.0702", "0.104*sqrt(abs(sin(a))) + 0.07"),
    ("sqrt(sqrt(sqrt(abs(cos(cos(X1))))))", "abs(cos(cos(X1)))**(1/8)"),
    ("0.5*X0 + sqrt(X1)/X0", "0.5*X0 + sqrt(abs(X1))/X0"),
    ("X0/(X1 + cos(sqrt(X1)))", "X0/(X1 + cos(sqrt(abs(X1))))"),
    ("-0.5*exp(-X0) + 0.25/sqrt(X1)", "0.25/sqrt(abs(X1)) - 0.5*exp(-X0)"),
]

CONVERTER = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
}

if __name__ == "__main__":
    X0, X1 = sympy.symbols("X0 X1", real=True)
    for text in EXAMPLES:
        expr = sympy.sympify(text, locals={**CONVERTER, "X0": X0, "X1": X1})
        print(f'    {{"{text}", {sympy.count_ops(expr)}}},  // {expr}')
    print()
    a = sympy.symbols("a", real=True)
    for given, text in READABLE:
        expr = sympy.sympify(text, locals={"X0": X0, "X1": X1, "a": a, "abs": sympy.Abs})
        print(f'    {{"{given}", "{text}", {sympy.count_ops(expr)}}},  // {expr}')
