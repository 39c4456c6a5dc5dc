#include "hypershap/explain/value_weights.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <functional>

namespace hypershap {

namespace {

using Rational = boost::multiprecision::cpp_rational;
using Integer = boost::multiprecision::cpp_int;

Integer binomial(int n, int k) {
  if (k < 0 || n < 0 || k > n) return 0;
  Integer result = 1;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}

Rational power_of_two(int exponent) {  // 2^exponent for any sign
  Integer p = Integer(1) << (exponent < 0 ? -exponent : exponent);
  return exponent < 0 ? Rational(Integer(1), p) : Rational(p);
}

Rational sign(int exponent) { return (exponent % 2 == 0) ? Rational(1) : Rational(-1); }

// Bernoulli numbers with B_1 = -1/2 (the convention of k-SII, Bord et al.).
std::vector<Rational> bernoulli_numbers(int count) {
  std::vector<Rational> b(static_cast<std::size_t>(count + 1));
  b[0] = 1;
  for (int m = 1; m <= count; ++m) {
    Rational sum = 0;
    for (int j = 0; j < m; ++j)
      sum += Rational(binomial(m + 1, j)) * b[static_cast<std::size_t>(j)];
    b[static_cast<std::size_t>(m)] = -sum / (m + 1);
  }
  return b;
}

// f_s(u): the weight of m(U), |U| = u, in I(S), |S| = s, for interaction order k.
std::function<Rational(int, int)> moebius_weight(Index index, int k) {
  switch (index) {
    case Index::moebius: return [](int s, int u) { return Rational(u == s ? 1 : 0); };
    case Index::sv:
    case Index::sii:  // SII(S) = Σ m(U) / (u - s + 1)
      return [](int s, int u) { return Rational(1, u - s + 1); };
    case Index::bv:  // BII(S) = Σ m(U) / 2^(u - s)
      return [](int s, int u) { return power_of_two(s - u); };
    case Index::k_sii:  // k-SII(S) = Σ_{T ⊇ S, |T| <= k} B_{|T|-s} SII(T)
      return [k, b = bernoulli_numbers(k)](int s, int u) {
        Rational sum = 0;
        for (int t = s; t <= k && t <= u; ++t)
          sum +=
              Rational(binomial(u - s, t - s)) * b[static_cast<std::size_t>(t - s)] / (u - t + 1);
        return sum;
      };
    case Index::stii:  // STII_k(S) = m(S) for s < k; Σ m(U) / C(u, k) for s = k
      return [k](int s, int u) {
        if (s < k) return Rational(u == s ? 1 : 0);
        return Rational(Integer(1), binomial(u, k));
      };
    case Index::fsii:  // m(S) + (-1)^(k-s) s/(k+s) C(k,s) Σ_{u>k} C(u-1,k)/C(u+k-1,k+s) m(U)
      return [k](int s, int u) {
        Rational w = (u == s) ? 1 : 0;
        if (u > k && s > 0)
          w += sign(k - s) * Rational(s, k + s) * Rational(binomial(k, s)) *
               Rational(binomial(u - 1, k), binomial(u + k - 1, k + s));
        return w;
      };
    case Index::fbii:  // m(S) + (-1)^(k-s) Σ_{u>k} 2^-(u-s) C(u-s-1, k-s) m(U)
      return [k](int s, int u) {
        Rational w = (u == s) ? 1 : 0;
        if (u > k) w += sign(k - s) * power_of_two(s - u) * Rational(binomial(u - s - 1, k - s));
        return w;
      };
  }
  return [](int, int) { return Rational(0); };
}

}  // namespace

ValueWeights::ValueWeights(Index index, int n, int order)
    : n_(n),
      order_(order),
      table_(static_cast<std::size_t>(order + 1) * static_cast<std::size_t>(order + 1) *
                 static_cast<std::size_t>(n + 1),
             0.0) {
  const auto f = moebius_weight(index, order);
  const auto slot = [&](int s, int r, int w) -> double& {
    return table_[(static_cast<std::size_t>(s) * static_cast<std::size_t>(order + 1) +
                   static_cast<std::size_t>(r)) *
                      static_cast<std::size_t>(n + 1) +
                  static_cast<std::size_t>(w)];
  };
  for (int s = 0; s <= order && s <= n; ++s) {
    // D_s(t) = Σ_j C(n-s-t, j) (-1)^j f_s(s+t+j): the weight of v(W) with |W \ S| = t, up to
    // the sign (-1)^(s-l) that depends on l = |W ∩ S|.
    std::vector<Rational> d(static_cast<std::size_t>(n - s + 1));
    for (int t = 0; t <= n - s; ++t) {
      Rational sum = 0;
      for (int j = 0; j <= n - s - t; ++j)
        sum += Rational(binomial(n - s - t, j)) * sign(j) * f(s, s + t + j);
      d[static_cast<std::size_t>(t)] = sum;
    }
    // c_s(l, w) = (-1)^(s-l) D_s(w - l), zero where no W with |W ∩ S| = l, |W| = w exists.
    const auto c = [&](int l, int w) {
      const int t = w - l;
      if (t < 0 || t > n - s) return Rational(0);
      return sign(s - l) * d[static_cast<std::size_t>(t)];
    };
    // e_{s,r}(w) = Δ^r_l c_s(0, w), the r-th forward difference in l (Newton expansion).
    for (int r = 0; r <= s; ++r) {
      for (int w = r; w <= n; ++w) {
        Rational e = 0;
        for (int j = 0; j <= r; ++j) e += sign(r - j) * Rational(binomial(r, j)) * c(j, w);
        slot(s, r, w) = e.convert_to<double>();
      }
    }
  }
}

}  // namespace hypershap
