// Tunability, Mistunability and Sensitivity by random search with common random numbers.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>

#include "hypershap/core/random.hpp"
#include "hypershap/games/closure.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/random_forest.hpp"

namespace hypershap {

namespace {

/// Whether blending in `space` is a plain selection for these configurations: no conditions to
/// re-resolve, no forbidden clauses, every value active. Then λ ⊕_S λ⁰ takes the players of S
/// from λ and every other hyperparameter from λ⁰, and nothing else.
bool blends_select(const ConfigurationSpace& space, const Configuration& baseline,
                   const ConfigurationMatrix& samples) {
  if (!space.forbidden_clauses().empty()) return false;
  for (int i = 0; i < space.size(); ++i)
    if (!space.conditions(i).empty()) return false;
  if (baseline.hasNaN() || samples.hasNaN()) return false;
  return true;
}

class RandomSearchGame final : public ExplanationGame {
 public:
  RandomSearchGame(GameSetup setup, SearchGoal goal)
      : ExplanationGame(std::move(setup)), goal_(goal) {
    Rng rng = Rng::stream(this->setup().seed, {stream_key(name()), 0});
    samples_ = space().sample(static_cast<std::size_t>(this->setup().samples), rng);
    selects_ = blends_select(space(), this->setup().baseline, samples_);
    const RandomForest* forest = this->setup().model->random_forest();
    if (selects_ && forest != nullptr && forest->n_features() == space().size() && n() < 64) {
      forest_ = forest;
      player_of_.assign(static_cast<std::size_t>(space().size()), -1);
      for (int j = 0; j < n(); ++j)
        player_of_[static_cast<std::size_t>(this->setup().players[static_cast<std::size_t>(j)])] =
            j;
    }
  }

  std::string_view kind() const override {
    switch (goal_) {
      case SearchGoal::maximum: return "tunability";
      case SearchGoal::minimum: return "mistunability";
      case SearchGoal::variance: return "sensitivity";
    }
    return "?";
  }
  bool has_best_configurations() const override { return goal_ != SearchGoal::variance; }
  std::uint64_t evaluations_per_coalition() const override {
    return static_cast<std::uint64_t>(samples_.rows()) + 1;
  }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    if (forest_ != nullptr) return evaluate_forest(coalitions);
    std::vector<CoalitionOutcome> outcomes;
    outcomes.reserve(coalitions.size());
    Scratch scratch(samples_.rows(), setup().baseline);
    for (const Coalition s : coalitions) outcomes.push_back(evaluate_one(s, scratch));
    return outcomes;
  }

  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    if (goal_ == SearchGoal::variance) return {};
    std::vector<double> closed = values;
    std::vector<Coalition> source;
    subset_closure(
        closed, n(),
        goal_ == SearchGoal::maximum ? ClosureDirection::maximum : ClosureDirection::minimum,
        source);
    const auto d = static_cast<std::size_t>(space().size());
    std::vector<Coalition> changed;
    for (std::size_t t = 0; t < closed.size(); ++t) {
      if (source[t] == t) continue;
      values[t] = closed[t];
      if (!best.empty()) {
        for (std::size_t j = 0; j < d; ++j) best[t * d + j] = best[source[t] * d + j];
      }
      changed.push_back(t);
    }
    return changed;
  }

 private:
  /// What one batch's coalitions reuse: the candidates (λ⁰ in row 0, the blends below it), their
  /// flags and performances. With plain-selection blends the rows keep the blends of the previous
  /// coalition, and only the players that differ from it are rewritten.
  struct Scratch {
    Scratch(Eigen::Index k, const Configuration& baseline)
        : candidates(k + 1, baseline.size()),
          forbidden(static_cast<std::size_t>(k + 1), 0),
          performance(k + 1),
          baseline_row(baseline) {
      candidates.rowwise() = baseline;  // the blends of ∅
    }
    ConfigurationMatrix candidates;
    std::vector<char> forbidden;
    Eigen::VectorXd performance;
    ConfigurationMatrix baseline_row;  // λ⁰ alone, what ∅ evaluates
    Coalition blended = 0;             // the coalition whose blends the rows hold (selection)
  };

  CoalitionOutcome evaluate_one(Coalition s, Scratch& scratch) const {
    const auto start = std::chrono::steady_clock::now();
    const Configuration& baseline = setup().baseline;
    const std::vector<int>& players = setup().players;
    const Eigen::Index k = samples_.rows();
    // λ⁰ itself belongs to every Λ^S (and is the only member of Λ^∅): row 0.
    ConfigurationMatrix& candidates = scratch.candidates;
    if (selects_) {
      for (const int j : members(s ^ scratch.blended)) {
        const auto column = static_cast<Eigen::Index>(players[static_cast<std::size_t>(j)]);
        if (contains(s, j))
          candidates.col(column).tail(k) = samples_.col(column);
        else
          candidates.col(column).tail(k).setConstant(baseline[column]);
      }
      scratch.blended = s;
    } else if (s != 0) {
      for (Eigen::Index r = 0; r < k; ++r) {
        scratch.forbidden[static_cast<std::size_t>(r + 1)] =
            space().blend_into(samples_.row(r), baseline, s, players, candidates.row(r + 1));
      }
    }
    const Eigen::Index rows = s == 0 ? 1 : k + 1;  // every blend of ∅ is λ⁰
    Eigen::Ref<Eigen::VectorXd> performance = scratch.performance.head(rows);
    setup().model->evaluate(s == 0 ? scratch.baseline_row : candidates, performance);
    performance *= performance_sign();
    const std::vector<char>& forbidden = scratch.forbidden;

    CoalitionOutcome outcome;
    outcome.evaluations = static_cast<std::uint64_t>(rows);
    if (goal_ == SearchGoal::variance) {
      // Var over λ ~ p* of VAL(λ ⊕_S λ⁰): the K samples only (λ⁰ is not a draw), population
      // variance
      double sum = 0.0, sum_sq = 0.0;
      std::size_t used = 0;
      if (s == 0) {
        outcome.value = 0.0;  // a constant: VAL(λ⁰) for every draw
      } else {
        const double shift =
            performance(0);  // variance is shift-invariant; shifting keeps it exact
        for (Eigen::Index r = 1; r < rows; ++r) {
          if (forbidden[static_cast<std::size_t>(r)] != 0) continue;
          const double x = performance(r) - shift;
          sum += x;
          sum_sq += x * x;
          ++used;
        }
        outcome.value = variance(sum, sum_sq, used);
      }
    } else {
      const bool maximum = goal_ == SearchGoal::maximum;
      Eigen::Index chosen = 0;
      for (Eigen::Index r = 1; r < rows; ++r) {
        if (forbidden[static_cast<std::size_t>(r)] != 0) continue;
        if (maximum ? performance(r) > performance(chosen) : performance(r) < performance(chosen))
          chosen = r;
      }
      outcome.value = performance(chosen);
      outcome.best = candidates.row(chosen);
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }

  static double variance(double sum, double sum_sq, std::size_t used) {
    const double mean = used > 0 ? sum / static_cast<double>(used) : 0.0;
    return used > 0 ? std::max(0.0, sum_sq / static_cast<double>(used) - mean * mean) : 0.0;
  }

  /// One block of coalitions S = high | l (l < 2^bits) evaluated on a forest: v(S) and the row
  /// behind it (0 = λ⁰, r = sample r − 1).
  struct Block {
    int bits = 0;
    Coalition high = 0;
    std::vector<double> value;
    std::vector<Eigen::Index> chosen;
    bool covers(Coalition s) const { return (s & ~((Coalition{1} << bits) - 1)) == high; }
  };

  /// The same values as evaluate_one, bit for bit, for a forest whose blends select: the
  /// coalitions are taken in blocks of 2^m that share their players above m (m from the batch's
  /// size: 2^8 to 2^12 coalitions), and each sample's predictions for a whole block come from one
  /// pass over the trees' disagreement paths (RandomForest::blend_sums: the same leaf values added
  /// in the same tree order, divided by the number of trees, as predict does). The maximum,
  /// minimum or moments then run over the samples in the same order, with the same ties, as over
  /// the rows of evaluate_one's batch. The last blocks are kept, so the next batches (the
  /// scheduler hands out coalitions in order) take their coalitions from them: the values never
  /// depend on the batches, only the work does.
  std::vector<CoalitionOutcome> evaluate_forest(const std::vector<Coalition>& coalitions) const {
    const auto start = std::chrono::steady_clock::now();
    const Configuration& baseline = setup().baseline;
    const Eigen::Index k = samples_.rows();
    const double base = forest_->predict_one(baseline.data()) * performance_sign();
    const int m = block_bits(coalitions);

    std::vector<CoalitionOutcome> outcomes(coalitions.size());
    std::lock_guard<std::mutex> lock(blocks_mutex_);
    for (std::size_t i = 0; i < coalitions.size(); ++i) {
      const Coalition s = coalitions[i];
      const Block* found = nullptr;
      for (const Block& b : blocks_)
        if (b.covers(s)) found = &b;
      if (found == nullptr) {
        if (blocks_.size() >= kept_blocks) blocks_.pop_front();
        blocks_.push_back(evaluate_block(m, s & ~((Coalition{1} << m) - 1), base));
        found = &blocks_.back();
      }
      const auto l = static_cast<std::size_t>(s & ((Coalition{1} << found->bits) - 1));
      CoalitionOutcome& outcome = outcomes[i];
      outcome.evaluations = s == 0 ? 1 : static_cast<std::uint64_t>(k) + 1;
      if (goal_ == SearchGoal::variance) {
        outcome.value = s == 0 ? 0.0 : found->value[l];
        continue;
      }
      const Eigen::Index row = s == 0 ? 0 : found->chosen[l];
      outcome.value = s == 0 ? base : found->value[l];
      outcome.best = baseline;
      if (row > 0)
        space().blend_into(samples_.row(row - 1), baseline, s, setup().players, outcome.best);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (CoalitionOutcome& outcome : outcomes)
      outcome.seconds = seconds / static_cast<double>(outcomes.size());
    return outcomes;
  }

  /// log2 of the block size for a batch: 2^8 to 2^12 coalitions (from the batch's size) for an
  /// exact game, whose batches are runs of consecutive coalitions; one coalition when the batch
  /// is spread so thin that most of a block would be wasted (a sparse game's sample, issue 13):
  /// a block of 2^8 costs about as much as 2^8 / kBlockGain single coalitions, so it pays only
  /// when at least one coalition in kBlockGain of the batch's span is asked for. Any block size
  /// gives the same bits (blend_sums adds the same leaves in the same order).
  int block_bits(const std::vector<Coalition>& coalitions) const {
    if (coalitions.empty()) return 0;
    const auto [low, high] = std::minmax_element(coalitions.begin(), coalitions.end());
    const double span = static_cast<double>(*high - *low) + 1.0;
    if (static_cast<double>(coalitions.size()) * kBlockGain < span) return 0;
    int m = std::min(n(), min_block_bits);
    while (m < std::min(n(), max_block_bits) && (std::size_t{1} << m) < coalitions.size()) ++m;
    return m;
  }

  Block evaluate_block(int m, Coalition high, double base) const {
    const Configuration& baseline = setup().baseline;
    const Eigen::Index k = samples_.rows();
    const double sign = performance_sign();
    const auto trees = static_cast<double>(forest_->n_trees());
    const std::size_t block = std::size_t{1} << m;
    // rows per call of blend_sums: their sums within ~256 KB, so they stay in L2 with a tree
    const auto chunk =
        static_cast<Eigen::Index>(std::clamp<std::size_t>((std::size_t{32} << 10) / block, 1, 64));
    std::vector<double> chunk_sums(static_cast<std::size_t>(chunk) * block);
    std::vector<double> sum(block, 0.0), sum_sq(block, 0.0);
    Block result;
    result.bits = m;
    result.high = high;
    result.value.assign(block, base);
    result.chosen.assign(block, 0);
    std::vector<double>& best = result.value;
    std::vector<Eigen::Index>& chosen = result.chosen;
    for (Eigen::Index first = 0; first < k; first += chunk) {
      const Eigen::Index count = std::min(chunk, k - first);
      forest_->blend_sums(samples_.row(first).data(), static_cast<std::size_t>(count),
                          static_cast<std::size_t>(samples_.cols()), baseline.data(), player_of_, m,
                          high, chunk_sums.data());
      for (Eigen::Index r = first; r < first + count; ++r) {
        const double* sums = chunk_sums.data() + static_cast<std::size_t>(r - first) * block;
        if (goal_ == SearchGoal::variance) {
          for (std::size_t l = 0; l < block; ++l) {
            const double x = sums[l] / trees * sign - base;
            sum[l] += x;
            sum_sq[l] += x * x;
          }
        } else if (goal_ == SearchGoal::maximum) {
          for (std::size_t l = 0; l < block; ++l) {
            const double p = sums[l] / trees * sign;
            if (p > best[l]) {
              best[l] = p;
              chosen[l] = r + 1;
            }
          }
        } else {
          for (std::size_t l = 0; l < block; ++l) {
            const double p = sums[l] / trees * sign;
            if (p < best[l]) {
              best[l] = p;
              chosen[l] = r + 1;
            }
          }
        }
      }
    }
    if (goal_ == SearchGoal::variance)
      for (std::size_t l = 0; l < block; ++l)
        result.value[l] = variance(sum[l], sum_sq[l], static_cast<std::size_t>(k));
    return result;
  }

  static constexpr double kBlockGain = 32.0;
  static constexpr int min_block_bits = 8;
  static constexpr int max_block_bits = 12;
  static constexpr std::size_t kept_blocks = 2;
  mutable std::mutex blocks_mutex_;
  mutable std::deque<Block> blocks_;

  SearchGoal goal_;
  ConfigurationMatrix samples_;
  bool selects_ = false;                  // blends_select(): blends are plain selections
  const RandomForest* forest_ = nullptr;  // set when the model is a forest and blends select
  std::vector<int> player_of_;            // hyperparameter → player, -1 for the others
};

}  // namespace

std::unique_ptr<ExplanationGame> make_random_search_game(GameSetup setup, SearchGoal goal) {
  return std::make_unique<RandomSearchGame>(std::move(setup), goal);
}

}  // namespace hypershap
