#pragma once
// How the reader wants to read (Preferences > General > Reading): how long an image and its AI
// result must be on screen before a verdict counts, and whether the AI's answer waits for the
// reader's own first look. Stored under "reading/" (QSettings).

namespace pulmo::app {

struct ReadingSettings {
    static constexpr int kDefaultMinimumViewMs = 700;
    static constexpr int kMaximumViewMs = 5000;
    /// A verdict (A / D) counts only after the image and its AI result were on screen this long.
    int minimumViewMs = kDefaultMinimumViewMs;
    /// "Show the AI after my first look": label, probabilities and heatmap hidden until revealed.
    bool revealAfterLook = false;

    /// The stored values, clamped to 0..kMaximumViewMs.
    static ReadingSettings load();
    void save() const;
};

}  // namespace pulmo::app
