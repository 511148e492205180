#include "phantom/ChestPhantom.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

// How the picture is made
// -----------------------
// Everything is modelled as attenuation A = sum of mu * path length, in "reference millimetres" of
// an average adult; the patient's size scales the reference frame onto the detector. A processed
// ("for presentation") radiograph is close to linear in A, so the stored value is an affine function
// of A after the usual detector processing: quantum noise (larger where fewer photons arrive), a
// large-kernel dynamic range compression and a small-kernel edge enhancement. No per-pixel exp:
// path lengths through ellipses and tubes are square roots, and the exposure-dependent noise level
// comes from a table.
//
// Reference frame: x to the image's right (the patient's left in a PA view), y down, origin near
// the middle of the thorax. Side 0 is the patient's right lung (image left), side 1 the left one.

namespace pulmo::phantom {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMuTissue = 0.020;      // per mm, soft tissue at a chest kV
constexpr double kAirFraction = 0.78;    // share of lung volume that is air
constexpr double kMuBoneExcess = 0.040;  // per mm, bone over the tissue it replaces

/// mt19937 with the project's own conversions: std::*_distribution differ between libraries.
class Random {
public:
    explicit Random(uint32_t seed) : m_engine(seed) {}

    /// [0, 1) with 53 random bits.
    double uniform()
    {
        const uint64_t high = m_engine() >> 5;
        const uint64_t low = m_engine() >> 6;
        return (double(high) * 67108864.0 + double(low)) / 9007199254740992.0;
    }
    double range(double low, double high) { return low + (high - low) * uniform(); }
    /// lo..hi inclusive.
    int integer(int low, int high) { return low + int(uniform() * double(high - low + 1)); }
    bool chance(double probability) { return uniform() < probability; }
    /// Approximately standard normal: four 16-bit uniforms (Irwin-Hall), cheap and portable.
    float normal()
    {
        const uint32_t a = m_engine();
        const uint32_t b = m_engine();
        const float sum = float((a & 0xffffu) + (a >> 16) + (b & 0xffffu) + (b >> 16));
        return (sum * (1.0f / 65536.0f) - 2.0f) * 1.7320508f;
    }

private:
    std::mt19937 m_engine;
};

double clamp01(double value)
{
    return value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
}

double smoothstep(double edge0, double edge1, double x)
{
    const double t = clamp01((x - edge0) / (edge1 - edge0));
    return t * t * (3.0 - 2.0 * t);
}

/// A smooth curve through knots (x ascending): smoothstep between neighbours, flat outside.
struct Knot {
    double x;
    double y;
};
template <size_t N>
double through(const std::array<Knot, N>& knots, double x)
{
    if (x <= knots[0].x) return knots[0].y;
    for (size_t i = 1; i < N; ++i)
        if (x < knots[i].x)
            return knots[i - 1].y + (knots[i].y - knots[i - 1].y) * smoothstep(knots[i - 1].x, knots[i].x, x);
    return knots[N - 1].y;
}

/// Chord through a solid tube of radius `outer` with a marrow cavity of radius `inner` that holds
/// `marrow` of the cortex's density, at distance d from the axis.
double tubeChord(double d, double outer, double inner, double marrow)
{
    const double d2 = d * d;
    if (d2 >= outer * outer) return 0.0;
    double chord = 2.0 * std::sqrt(outer * outer - d2);
    if (d2 < inner * inner) chord -= (1.0 - marrow) * 2.0 * std::sqrt(inner * inner - d2);
    return chord;
}

/// Smooth noise on a square grid: a random value per node, smoothstep-bilinear between nodes.
class ValueNoise {
public:
    ValueNoise(Random& random, int cellsX, int cellsY) : m_width(cellsX + 2), m_height(cellsY + 2)
    {
        m_values.resize(size_t(m_width) * size_t(m_height));
        for (float& value : m_values) value = float(random.uniform());
    }
    /// (u, v) in cells; values in [0, 1].
    float at(double u, double v) const
    {
        u = std::clamp(u, 0.0, double(m_width - 2) - 1e-6);
        v = std::clamp(v, 0.0, double(m_height - 2) - 1e-6);
        const int i = int(u);
        const int j = int(v);
        double fu = u - i;
        double fv = v - j;
        fu = fu * fu * (3.0 - 2.0 * fu);
        fv = fv * fv * (3.0 - 2.0 * fv);
        const float* row0 = &m_values[size_t(j) * size_t(m_width)];
        const float* row1 = row0 + m_width;
        const double top = row0[i] + (row0[i + 1] - row0[i]) * fu;
        const double bottom = row1[i] + (row1[i + 1] - row1[i]) * fu;
        return float(top + (bottom - top) * fv);
    }

private:
    int m_width;
    int m_height;
    std::vector<float> m_values;
};

/// Separable box blur with running sums, edges clamped; `radius` in pixels. In place.
void boxBlur(std::vector<float>& image, int n, int radius, std::vector<float>& scratch)
{
    if (radius < 1) return;
    scratch.resize(image.size());
    const double norm = 1.0 / double(2 * radius + 1);
    // Rows: image -> scratch.
    for (int y = 0; y < n; ++y) {
        const float* in = &image[size_t(y) * size_t(n)];
        float* out = &scratch[size_t(y) * size_t(n)];
        double sum = 0.0;
        for (int k = -radius; k <= radius; ++k) sum += in[std::clamp(k, 0, n - 1)];
        for (int x = 0; x < n; ++x) {
            out[x] = float(sum * norm);
            sum += in[std::min(x + radius + 1, n - 1)] - in[std::max(x - radius, 0)];
        }
    }
    // Columns: scratch -> image, a whole row of column sums at a time (cache friendly).
    std::vector<double> sums(size_t(n), 0.0);
    for (int k = -radius; k <= radius; ++k) {
        const float* in = &scratch[size_t(std::clamp(k, 0, n - 1)) * size_t(n)];
        for (int x = 0; x < n; ++x) sums[size_t(x)] += in[x];
    }
    for (int y = 0; y < n; ++y) {
        float* out = &image[size_t(y) * size_t(n)];
        for (int x = 0; x < n; ++x) out[x] = float(sums[size_t(x)] * norm);
        const float* add = &scratch[size_t(std::min(y + radius + 1, n - 1)) * size_t(n)];
        const float* remove = &scratch[size_t(std::max(y - radius, 0)) * size_t(n)];
        for (int x = 0; x < n; ++x) sums[size_t(x)] += double(add[x]) - double(remove[x]);
    }
}

// Made-up names, marked as such: no real vendor's name on a synthetic image. The first four are
// the standard systems, drawn from the seed when no profile is asked for; their look is the
// phantom's own (the defaults). The others are the planted changes of monitoring's tests.
const std::vector<ScannerProfile> kProfiles = {
    // name, manufacturer, model, station, field (mm), gamma, noise, blur (mm), window below/above, bits
    {"dr-3543", "Pulmo Synthetic Imaging", "PhantomDR 3543", "SYNTH-DR1", 350, 1.0, 1.0, 0.0, 0.16, 0.06, 12},
    {"dr-4343w", "Pulmo Synthetic Imaging", "PhantomDR 4343 Wireless", "SYNTH-DR2", 400, 1.0, 1.0, 0.0, 0.16, 0.06, 12},
    {"irc-fp17", "Imaginary Radiography Co (synthetic)", "IRC FlatPanel 17", "SYNTH-FP", 380, 1.0, 1.0, 0.0, 0.16, 0.06,
     12},
    {"nms-cr900", "Nowhere Medical Systems (synthetic)", "NMS CR-900", "SYNTH-CR", 360, 1.0, 1.0, 0.0, 0.16, 0.06, 12},
    // A new flat panel with its own processing: a brighter, flatter response, less noise, 14 bits.
    {"fis-vivid", "Future Imaging Systems (synthetic)", "FIS Vivid One", "SYNTH-NEW", 400, 0.7, 0.6, 0.0, 0.30, 0.02,
     14},
    // An old storage-phosphor reader: noisier, blurred, 10 bits.
    {"old-cr", "Nowhere Medical Systems (synthetic)", "NMS CR-100 (legacy)", "SYNTH-OLDCR", 350, 1.15, 1.8, 0.35, 0.10,
     0.10, 10},
};
constexpr int kStandardProfiles = 4;

/// A patient: every random choice of one image, drawn up front.
struct Patient {
    // Placement on the detector.
    int n = 0;
    double spacing = 0.0;  // mm per pixel
    double scaleX = 1.0;   // detector mm per reference mm
    double scaleY = 1.0;
    double shiftX = 0.0;  // detector mm
    double shiftY = 0.0;
    double rotation = 0.0;  // radians, in the image plane
    double depthScale = 1.0;

    bool female = false;
    int age = 50;

    // Lungs, per side: apex height and lateral position, medial border, diaphragm dome.
    std::array<double, 2> apexY{};
    std::array<double, 2> apexX{};
    std::array<double, 2> medial{};
    std::array<double, 2> domeY{};
    std::array<double, 2> domeX{};
    std::array<double, 2> domeCurve{};
    double lungDepth = 160.0;
    double chestWall = 14.0;

    // Heart (an ellipse tilted towards its apex) and aortic knob.
    double heartX = 18.0;
    double heartY = 45.0;
    double heartA = 68.0;
    double heartB = 58.0;
    double heartCos = 1.0;
    double heartSin = 0.0;
    double heartDepth = 115.0;
    double knobX = 33.0;
    double knobY = -66.0;
    double knobR = 17.0;

    std::array<double, 4> heartShape{};  // harmonics that take the heart's outline off the ellipse
    double trunkR = 11.0;                // pulmonary trunk, below the knob
    // Slow wobbles of the lung borders (medial and lateral, per side), knots 28 mm apart.
    static constexpr int kWiggleKnots = 28;
    std::array<std::array<double, kWiggleKnots>, 4> wiggles{};

    // Spine.
    double spinePeriod = 25.0;
    double spinePhase = 0.0;
    double spineX = 0.0;

    // Ribs.
    int ribCount = 10;
    double ribTop = -172.0;
    double ribStep = 26.0;
    double boneContrast = 1.0;

    // Upper arms: a line from the shoulder (armX, armY) along (armDirX, armDirY).
    double armX = 150.0;
    double armY = -150.0;
    double armDirX = 0.25;
    double armDirY = 0.97;
    double armRadius = 42.0;

    // Soft tissue extras.
    bool stomachBubble = false;
    double stomachX = 62.0;
    double stomachY = 135.0;
    double breastY = 75.0;
    double breastDepth = 50.0;

    // Exposure.
    double noise = 0.015;
    double compression = 0.4;
    double enhancement = 0.6;

    // Torso half-width and thickness along y.
    double torsoHalfWidth(double y) const
    {
        static const std::array<Knot, 7> knots = {
            {{-235, 56}, {-192, 62}, {-145, 170}, {-110, 168}, {-70, 150}, {45, 158}, {210, 150}}};
        return through(knots, y);
    }
    double torsoDepth(double y) const
    {
        static const std::array<Knot, 6> knots = {
            {{-235, 105}, {-175, 125}, {-115, 185}, {-45, 212}, {100, 222}, {250, 230}}};
        return depthScale * through(knots, y);
    }

    /// Height of the diaphragm under a point `lateral` mm from the midline on `side`.
    double diaphragm(int side, double lateral) const
    {
        const double t = (lateral - domeX[size_t(side)]) / 60.0;
        return domeY[size_t(side)] + domeCurve[size_t(side)] * t * t;
    }

    /// Air path length through one lung, before the heart and aorta take their share.
    double lungAir(int side, double x, double y) const
    {
        const size_t s = size_t(side);
        const double lateral = side == 0 ? -x : x;
        if (y <= apexY[s] || lateral <= 0.0) return 0.0;
        const double wallHalf = torsoHalfWidth(y) - chestWall;
        const double outer =
            apexX[s] + (wallHalf + wiggle(2 * s + 1, y) - apexX[s]) * std::sqrt(clamp01((y - apexY[s]) / 78.0));
        // The mediastinum widens a little from the thoracic inlet down to the heart.
        const double medialHere = medial[s] + 7.0 * smoothstep(apexY[s] + 40.0, apexY[s] + 190.0, y) + wiggle(2 * s, y);
        const double inner = apexX[s] - (apexX[s] - medialHere) * std::sqrt(clamp01((y - apexY[s]) / 52.0));
        if (lateral <= inner || lateral >= outer) return 0.0;
        const double floor = diaphragm(side, lateral);
        if (y >= floor) return 0.0;
        const double half = 0.5 * (outer - inner);
        const double across = std::sqrt((lateral - inner) * (outer - lateral) / (half * half));
        // Deep at the bases, shallow at the apex; the dome edge is sharp, the apex rounded.
        const double depth = lungDepth * (0.30 + 0.70 * smoothstep(apexY[s], apexY[s] + 150.0, y));
        const double above = std::sqrt(clamp01((floor - y) / 22.0));
        return depth * across * above;
    }

    double heartChord(double x, double y) const
    {
        const double dx = x - heartX;
        const double dy = y - heartY;
        const double u = (dx * heartCos + dy * heartSin) / heartA;
        double v = (-dx * heartSin + dy * heartCos) / heartB;
        if (dy > 0.0) v /= 1.0 + 0.6 * clamp01(dy / heartB);  // the heart sits on the diaphragm
        const double r2 = u * u + v * v;
        if (r2 >= 1.2 || r2 < 1e-12) return r2 < 1e-12 ? heartDepth : 0.0;
        // A contour a little off the ellipse: second and third harmonics of the angle.
        const double c = u * u / r2 - v * v / r2;  // cos 2a
        const double s2 = 2.0 * u * v / r2;        // sin 2a
        const double r = std::sqrt(r2);
        const double c1 = u / r;
        const double s1 = v / r;
        const double c3 = c1 * (4.0 * c1 * c1 - 3.0);
        const double s3 = s1 * (3.0 - 4.0 * s1 * s1);
        const double edge = 1.0 + heartShape[0] * c + heartShape[1] * s2 + heartShape[2] * c3 + heartShape[3] * s3;
        const double q = r2 / (edge * edge);
        return q < 1.0 ? heartDepth * std::sqrt(1.0 - q) : 0.0;
    }

    double trunkChord(double x, double y) const
    {
        const double dx = x - (knobX + 7.0);
        const double dy = y - (knobY + 36.0);
        const double d2 = dx * dx + dy * dy;
        return d2 < trunkR * trunkR ? 2.2 * std::sqrt(trunkR * trunkR - d2) : 0.0;
    }

    /// A slow random wobble of a border, reference mm; curve k in 0..3.
    double wiggle(size_t k, double y) const
    {
        const double position = std::clamp((y + 360.0) / 28.0, 0.0, double(kWiggleKnots - 1) - 1e-6);
        const int i = int(position);
        double f = position - i;
        f = f * f * (3.0 - 2.0 * f);
        return wiggles[k][size_t(i)] + (wiggles[k][size_t(i) + 1] - wiggles[k][size_t(i)]) * f;
    }

    double knobChord(double x, double y) const
    {
        const double dx = x - knobX;
        const double dy = y - knobY;
        const double d2 = dx * dx + dy * dy;
        return d2 < knobR * knobR ? 2.2 * std::sqrt(knobR * knobR - d2) : 0.0;
    }

    /// Air path length through both lungs where the heart and the aortic knob leave it.
    double air(double x, double y) const
    {
        double total = lungAir(0, x, y) + lungAir(1, x, y);
        if (total <= 0.0) return 0.0;
        total -= 1.6 * heartChord(x, y) + 1.3 * (knobChord(x, y) + trunkChord(x, y));
        return total > 0.0 ? total : 0.0;
    }

    // Reference mm <-> pixel (of the unrotated picture).
    double pixelX(double x) const { return (x * scaleX + shiftX) / spacing + 0.5 * n - 0.5; }
    double pixelY(double y) const { return (y * scaleY + shiftY) / spacing + 0.5 * n - 0.5; }
    double referenceX(double column) const { return ((column + 0.5 - 0.5 * n) * spacing - shiftX) / scaleX; }
    double referenceY(double row) const { return ((row + 0.5 - 0.5 * n) * spacing - shiftY) / scaleY; }
};

Patient drawPatient(Random& random, int n)
{
    Patient p;
    p.n = n;
    const double fieldMm = random.range(340.0, 400.0);
    p.spacing = std::round(fieldMm / n * 1e4) / 1e4;
    const double size = random.range(0.86, 1.10);
    p.scaleX = size * random.range(0.97, 1.03);
    p.scaleY = size * random.range(0.95, 1.05);
    p.depthScale = size * random.range(0.88, 1.15);
    p.shiftX = random.range(-10.0, 10.0);
    p.shiftY = random.range(-8.0, 14.0);
    p.rotation = random.range(-3.0, 3.0) * kPi / 180.0;
    p.female = random.chance(0.5);
    p.age = random.integer(22, 88);

    p.apexY = {random.range(-168.0, -154.0), random.range(-166.0, -152.0)};
    p.apexX = {random.range(62.0, 74.0), random.range(62.0, 74.0)};
    p.medial = {random.range(22.0, 30.0), random.range(26.0, 34.0)};
    const double dome = random.range(78.0, 108.0);
    p.domeY = {dome, dome + random.range(6.0, 20.0)};
    p.domeX = {random.range(60.0, 80.0), random.range(60.0, 80.0)};
    p.domeCurve = {random.range(22.0, 32.0), random.range(22.0, 32.0)};
    p.lungDepth = random.range(150.0, 175.0) * p.depthScale;
    p.chestWall = random.range(11.0, 17.0) + (p.female ? 2.0 : 0.0);

    const double heart = random.range(0.88, 1.12);  // cardiothoracic ratio about 0.40 .. 0.50
    p.heartA = 70.0 * heart;
    p.heartB = 56.0 * std::sqrt(heart);
    p.heartX = random.range(12.0, 24.0);
    p.heartY = 0.5 * (p.domeY[0] + p.domeY[1]) - random.range(40.0, 52.0);
    const double tilt = random.range(22.0, 36.0) * kPi / 180.0;
    p.heartCos = std::cos(tilt);
    p.heartSin = std::sin(tilt);
    p.heartDepth = random.range(105.0, 125.0) * p.depthScale;
    p.knobX = random.range(28.0, 38.0);
    p.knobY = random.range(-74.0, -60.0);
    p.knobR = random.range(14.0, 19.0) * (p.age > 60 ? 1.15 : 1.0);

    for (double& harmonic : p.heartShape) harmonic = random.range(-0.035, 0.035);
    p.trunkR = random.range(8.0, 13.0);
    for (auto& curve : p.wiggles)
        for (double& knot : curve) knot = random.range(-2.5, 2.5);
    p.spinePeriod = random.range(23.0, 27.0);
    p.spinePhase = random.range(0.0, p.spinePeriod);
    p.spineX = random.range(-3.0, 3.0);  // a little patient rotation shows as a spine off centre

    p.ribTop = random.range(-178.0, -166.0);
    p.ribStep = random.range(24.0, 28.0);
    p.boneContrast = random.range(0.85, 1.15) * (p.age > 70 ? 0.85 : 1.0);

    p.armX = p.torsoHalfWidth(-140.0) - random.range(12.0, 22.0);
    p.armY = -140.0;
    const double armAngle = random.range(12.0, 24.0) * kPi / 180.0;
    p.armDirX = std::sin(armAngle);
    p.armDirY = std::cos(armAngle);
    p.armRadius = random.range(38.0, 48.0) * size;

    p.stomachBubble = random.chance(0.7);
    p.stomachX = random.range(50.0, 80.0);
    p.stomachY = p.domeY[1] + random.range(22.0, 40.0);
    p.breastY = random.range(55.0, 95.0);
    p.breastDepth = p.female ? random.range(22.0, 45.0) : 0.0;

    p.noise = random.range(0.014, 0.024);
    p.compression = random.range(0.5, 0.65);
    p.enhancement = random.range(0.4, 0.7);
    return p;
}

/// The picture being made: attenuation and lung air per pixel, unrotated.
struct Canvas {
    int n = 0;
    std::vector<float> attenuation;
    std::vector<float> air;  // reference mm of air along the ray
    /// Scratch for drawSegments, kept between calls: fresh large allocations cost page faults.
    struct Cover {
        float q;
        float radius;
        float along;
    };
    std::vector<Cover> cover;
};

/// One piece of a tube: from a to b (reference mm), radius tapering from ra to rb; `along` runs
/// from alongA to alongB so that a profile can fade a bone's ends.
struct Segment {
    double ax, ay, bx, by;
    double ra, rb;
    double alongA, alongB;
};

/// Draws a set of segments as one tube: every pixel takes the segment it lies deepest in, so that
/// joints and branchings show no seams. `emit(index, q, radius, along)` gets each covered pixel once,
/// with q = distance from the axis / radius in [0, 1) and the radius in reference mm.
template <typename Emit>
void drawSegments(const Patient& p, std::vector<Canvas::Cover>& cover, const std::vector<Segment>& segments, Emit emit)
{
    if (segments.empty()) return;
    const int n = p.n;
    const double toPixels = p.scaleX / p.spacing;
    double left = 1e18, right = -1e18, top = 1e18, bottom = -1e18;
    for (const Segment& s : segments) {
        const double reach = std::max(s.ra, s.rb) * toPixels + 1.0;
        left = std::min(left, std::min(p.pixelX(s.ax), p.pixelX(s.bx)) - reach);
        right = std::max(right, std::max(p.pixelX(s.ax), p.pixelX(s.bx)) + reach);
        top = std::min(top, std::min(p.pixelY(s.ay), p.pixelY(s.by)) - reach);
        bottom = std::max(bottom, std::max(p.pixelY(s.ay), p.pixelY(s.by)) + reach);
    }
    const int x0 = std::max(0, int(std::floor(left)));
    const int x1 = std::min(n - 1, int(std::ceil(right)));
    const int y0 = std::max(0, int(std::floor(top)));
    const int y1 = std::min(n - 1, int(std::ceil(bottom)));
    if (x0 > x1 || y0 > y1) return;
    const int width = x1 - x0 + 1;
    const size_t area = size_t(width) * size_t(y1 - y0 + 1);
    if (cover.size() < area) cover.resize(area);
    std::fill(cover.begin(), cover.begin() + std::ptrdiff_t(area), Canvas::Cover{1.0f, 0.0f, 0.0f});
    for (const Segment& s : segments) {
        const double sx = p.pixelX(s.ax);
        const double sy = p.pixelY(s.ay);
        const double dx = p.pixelX(s.bx) - sx;
        const double dy = p.pixelY(s.by) - sy;
        const double length2 = std::max(dx * dx + dy * dy, 1e-9);
        const double ra = s.ra * toPixels;
        const double rb = s.rb * toPixels;
        const double reach = std::max(ra, rb) + 1.0;
        const int c0 = std::max(x0, int(std::floor(std::min(sx, sx + dx) - reach)));
        const int c1 = std::min(x1, int(std::ceil(std::max(sx, sx + dx) + reach)));
        const int r0 = std::max(y0, int(std::floor(std::min(sy, sy + dy) - reach)));
        const int r1 = std::min(y1, int(std::ceil(std::max(sy, sy + dy) + reach)));
        for (int row = r0; row <= r1; ++row) {
            const size_t base = size_t(row - y0) * size_t(width);
            for (int column = c0; column <= c1; ++column) {
                const double px = column - sx;
                const double py = row - sy;
                const double t = clamp01((px * dx + py * dy) / length2);
                const double ex = px - t * dx;
                const double ey = py - t * dy;
                const double r = ra + (rb - ra) * t;
                const double d2 = ex * ex + ey * ey;
                if (d2 >= r * r) continue;
                const float q = float(std::sqrt(d2) / r);
                Canvas::Cover& best = cover[base + size_t(column - x0)];
                if (q < best.q) best = {q, float(r / toPixels), float(s.alongA + (s.alongB - s.alongA) * t)};
            }
        }
    }
    for (int row = y0; row <= y1; ++row) {
        const size_t base = size_t(row - y0) * size_t(width);
        for (int column = x0; column <= x1; ++column) {
            const Canvas::Cover& best = cover[base + size_t(column - x0)];
            if (best.q < 1.0f)
                emit(size_t(row) * size_t(n) + size_t(column), double(best.q), double(best.radius), double(best.along));
        }
    }
}

/// Segments along a curve point(u), u in [0, 1], of constant radius; `along` = u.
template <typename Curve>
std::vector<Segment> curveSegments(Curve point, double radius, int pieces)
{
    std::vector<Segment> segments;
    std::array<double, 2> previous = point(0.0);
    for (int i = 1; i <= pieces; ++i) {
        const double u = double(i) / pieces;
        const std::array<double, 2> next = point(u);
        segments.push_back({previous[0], previous[1], next[0], next[1], radius, radius, double(i - 1) / pieces, u});
        previous = next;
    }
    return segments;
}

/// A bone: a hollow tube (cortex around a lighter marrow), ends faded by fade(along).
template <typename Fade>
void addBone(Canvas& canvas, const Patient& p, const std::vector<Segment>& segments, double innerFraction,
             double marrow, double density, Fade fade)
{
    drawSegments(p, canvas.cover, segments, [&](size_t index, double q, double radius, double along) {
        const double chord = tubeChord(q * radius, radius, radius * innerFraction, marrow);
        canvas.attenuation[index] += float(density * fade(along) * chord);
    });
}

/// Solid soft tubes (airways, vessels): density per reference mm of chord, times weight(index).
template <typename Weight>
void addSoftTube(Canvas& canvas, const Patient& p, const std::vector<Segment>& segments, double density, Weight weight)
{
    drawSegments(p, canvas.cover, segments, [&](size_t index, double q, double radius, double) {
        const double soft = 1.0 - q * q;  // zero slope at the edge: a vessel's blurred outline
        canvas.attenuation[index] += float(density * weight(index) * 2.0 * radius * soft * soft);
    });
}

/// A ball of bone (a humeral head): a cortical shell around a lighter marrow.
void addBall(Canvas& canvas, const Patient& p, double cx, double cy, double radius, double density)
{
    const int n = canvas.n;
    const double reachX = radius * p.scaleX / p.spacing + 1.0;
    const double reachY = radius * p.scaleY / p.spacing + 1.0;
    const double px = p.pixelX(cx);
    const double py = p.pixelY(cy);
    for (int row = std::max(0, int(py - reachY)); row <= std::min(n - 1, int(py + reachY)); ++row) {
        const double dy = p.referenceY(row) - cy;
        for (int column = std::max(0, int(px - reachX)); column <= std::min(n - 1, int(px + reachX)); ++column) {
            const double dx = p.referenceX(column) - cx;
            const double chord = tubeChord(std::sqrt(dx * dx + dy * dy), radius, radius * 0.85, 0.75);
            if (chord > 0.0) canvas.attenuation[size_t(row) * size_t(n) + size_t(column)] += float(density * chord);
        }
    }
}

/// Pulmonary vessels: a branching tree from the hilum, thinning and gently curving outwards.
void growVessel(std::vector<Segment>& tree, const Patient& p, Random& random, double x, double y, double angle,
                double radius, double length, int depth, int side)
{
    const double sign = side == 0 ? -1.0 : 1.0;
    const double endRadius = radius * 0.82;
    for (int piece = 0; piece < 3; ++piece) {
        angle += random.range(-0.16, 0.16);
        const double ex = x + sign * std::cos(angle) * length / 3.0;
        const double ey = y + std::sin(angle) * length / 3.0;
        if (depth > 0 && p.lungAir(side, ex, ey) < 4.0) return;
        const double r0 = radius + (endRadius - radius) * piece / 3.0;
        const double r1 = radius + (endRadius - radius) * (piece + 1) / 3.0;
        tree.push_back({x, y, ex, ey, 1.3 * r0, 1.3 * r1, 0.0, 0.0});
        x = ex;
        y = ey;
    }
    if (endRadius < 0.5 || depth >= 9) return;
    const double spread = random.range(14.0, 30.0) * kPi / 180.0;
    const double bias = random.range(-0.4, 0.4) * spread;
    growVessel(tree, p, random, x, y, angle - spread + bias, endRadius * random.range(0.76, 0.88),
               length * random.range(0.74, 0.9), depth + 1, side);
    growVessel(tree, p, random, x, y, angle + spread + bias, endRadius * random.range(0.62, 0.76),
               length * random.range(0.66, 0.86), depth + 1, side);
}

struct Lesion {
    double x = 0.0;  // reference mm
    double y = 0.0;
    double radius = 30.0;
    double fill = 0.5;    // share of the air replaced at the core
    double cosine = 1.0;  // the long axis' direction, and how much longer than wide the patch is
    double sine = 0.0;
    double stretch = 1.0;
    struct Blob {
        double x, y, radius, weight;
    };
    std::vector<Blob> blobs;
};

Lesion drawLesion(Random& random, const Patient& p)
{
    Lesion lesion;
    const int side = random.chance(0.55) ? 0 : 1;
    lesion.radius = random.range(38.0, 70.0);
    // A well-aerated spot, lower zones more likely: the lower of two tries that are both in the lung.
    double bestY = -1e9;
    for (int found = 0, attempt = 0; found < 2 && attempt < 4000; ++attempt) {
        const double lateral = random.range(p.medial[size_t(side)], 150.0);
        const double y = random.range(p.apexY[size_t(side)] + 25.0, p.domeY[size_t(side)] + 30.0);
        const double x = side == 0 ? -lateral : lateral;
        if (p.air(x, y) < 0.55 * p.lungDepth) continue;
        if (y > bestY) {
            bestY = y;
            lesion.x = x;
            lesion.y = y;
        }
        ++found;
    }
    if (bestY < -1e8) {  // cannot happen with the ranges above; keep a sane fallback
        lesion.x = side == 0 ? -80.0 : 80.0;
        lesion.y = 20.0;
    }
    lesion.fill = random.range(0.35, 0.65);
    const double axis = random.range(0.0, kPi);
    lesion.cosine = std::cos(axis);
    lesion.sine = std::sin(axis);
    lesion.stretch = random.range(1.0, 1.7);
    const int count = random.integer(8, 16);
    // Blob centres in the patch's own frame (long axis first); the evaluation stretches them.
    lesion.blobs.push_back({0.0, 0.0, lesion.radius * random.range(0.35, 0.5), 1.0});
    for (int i = 1; i < count; ++i) {
        const double angle = random.range(0.0, 2.0 * kPi);
        const double distance = random.range(0.15, 0.95) * lesion.radius;
        lesion.blobs.push_back({distance * std::cos(angle), distance * std::sin(angle),
                                lesion.radius * random.range(0.2, 0.5), random.range(0.35, 1.0)});
    }
    return lesion;
}

/// Adds a consolidation: blurred, irregular patches that replace lung air. Returns its bounding
/// box in pixels of the unrotated canvas (x0 > x1 when nothing showed).
std::array<double, 4> addLesion(Canvas& canvas, const Patient& p, Random& random, const Lesion& lesion)
{
    const int n = canvas.n;
    const double reach = 1.5 * lesion.radius * lesion.stretch;
    const int left = std::max(0, int(std::floor(p.pixelX(lesion.x - reach))));
    const int right = std::min(n - 1, int(std::ceil(p.pixelX(lesion.x + reach))));
    const int top = std::max(0, int(std::floor(p.pixelY(lesion.y - reach))));
    const int bottom = std::min(n - 1, int(std::ceil(p.pixelY(lesion.y + reach))));
    // Irregular texture: two octaves of value noise, cells of about 6 and 2.5 reference mm.
    const int cells = int(2.0 * reach / 2.5) + 2;
    const ValueNoise coarse(random, cells, cells);
    const ValueNoise fine(random, cells, cells);
    std::array<double, 4> box = {1e9, 1e9, -1e9, -1e9};
    for (int row = top; row <= bottom; ++row) {
        const double y = p.referenceY(row);
        for (int column = left; column <= right; ++column) {
            const size_t index = size_t(row) * size_t(n) + size_t(column);
            const double air = canvas.air[index];
            if (air <= 0.0) continue;
            const double x = p.referenceX(column);
            // Into the patch's frame, squeezed along its long axis.
            const double ox = x - lesion.x;
            const double oy = y - lesion.y;
            const double along = (ox * lesion.cosine + oy * lesion.sine) / lesion.stretch;
            const double across = (-ox * lesion.sine + oy * lesion.cosine) * std::sqrt(lesion.stretch);
            double sum = 0.0;
            for (const Lesion::Blob& blob : lesion.blobs) {
                const double dx = along - blob.x;
                const double dy = across - blob.y;
                const double q = 1.0 - (dx * dx + dy * dy) / (blob.radius * blob.radius);
                if (q > 0.0) sum += blob.weight * q * q;
            }
            if (sum <= 0.0) continue;
            const double u = (x - lesion.x + reach) / 6.0;
            const double v = (y - lesion.y + reach) / 6.0;
            const double texture = 0.7 * coarse.at(u, v) + 0.3 * fine.at(u * 2.4, v * 2.4);
            const double amount = sum * (0.6 + 0.8 * texture);
            const double density = std::min(1.0, 1.6 * amount / (amount + 0.6)) * lesion.fill;  // soft saturation
            const double added = kMuTissue * kAirFraction * air * density;
            canvas.attenuation[index] += float(added);
            if (added > 0.15) {  // the box holds what shows: about half a rib's contrast or more
                box[0] = std::min(box[0], double(column));
                box[1] = std::min(box[1], double(row));
                box[2] = std::max(box[2], double(column));
                box[3] = std::max(box[3], double(row));
            }
        }
    }
    return box;
}

void paintAnatomy(Canvas& canvas, const Patient& p, Random& random)
{
    const int n = canvas.n;
    // Lung parenchyma: a faint mottle, cells of 7 reference mm over -350 .. 350 mm.
    const ValueNoise parenchyma(random, 100, 100);
    std::vector<double> columnX(size_t(n), 0.0);
    for (int column = 0; column < n; ++column) columnX[size_t(column)] = p.referenceX(column);

    for (int row = 0; row < n; ++row) {
        const double y = p.referenceY(row);
        const double halfWidth = p.torsoHalfWidth(y);
        const double depth = p.torsoDepth(y);
        // Spine: vertebral bodies with discs, endplates, pedicles and spinous processes.
        const double level = (y - p.spinePhase) / p.spinePeriod;
        const double phase = level - std::floor(level);  // 0..1 down one vertebra
        // Vertebral bodies are waisted between their endplates.
        const double spineHalf = (15.0 + 8.0 * smoothstep(-200.0, 200.0, y)) * (1.0 - 0.07 * std::sin(kPi * phase));
        const double discShare = 5.0 / p.spinePeriod;
        double bodyDensity = 1.0;
        if (phase < discShare)
            bodyDensity = 0.86;
        else if (phase < discShare + 0.08 || phase > 0.93)
            bodyDensity = 1.05;
        const double pedicleY = (phase - 0.38) * p.spinePeriod;
        const double spinousY = (phase - 0.72) * p.spinePeriod;
        // Breasts: a sharp lower margin, fading upwards.
        const double breastUp = p.breastY - y;

        float* attenuation = &canvas.attenuation[size_t(row) * size_t(n)];
        float* airRow = &canvas.air[size_t(row) * size_t(n)];
        for (int column = 0; column < n; ++column) {
            const double x = columnX[size_t(column)];
            double a = 0.0;
            // Torso: an elliptical cross-section, so the soft tissue thins towards the skin line.
            const double across = x / halfWidth;
            double tissue = across * across < 1.0 ? depth * std::sqrt(1.0 - across * across) : 0.0;
            // Upper arms hanging down and out from the shoulders; where they meet the torso the
            // thicker of the two counts, so there is no seam.
            {
                const double ax = std::fabs(x) - p.armX;
                const double along = ax * p.armDirX + (y - p.armY) * p.armDirY;
                if (along > -p.armRadius) {
                    const double off = ax * p.armDirY - (y - p.armY) * p.armDirX;
                    const double r2 = p.armRadius * p.armRadius - off * off;
                    if (r2 > 0.0) tissue = std::max(tissue, 1.8 * std::sqrt(r2));
                }
            }
            a += kMuTissue * tissue;
            if (p.breastDepth > 0.0) {
                const double bx = (std::fabs(x) - 88.0) / 78.0;
                if (bx * bx < 1.0) {
                    const double by = breastUp < 0.0 ? -breastUp / 52.0 : 0.0;
                    const double r2 = bx * bx + by * by;
                    if (r2 < 1.0) {
                        const double fade = breastUp > 0.0 ? 1.0 - smoothstep(0.0, 95.0, breastUp) : 1.0;
                        a += kMuTissue * p.breastDepth * std::sqrt(1.0 - r2) * fade;
                    }
                }
            }
            // Lungs: air instead of tissue.
            const double air = p.air(x, y);
            if (air > 0.0) {
                const double texture = parenchyma.at((x + 350.0) / 7.0, (y + 350.0) / 7.0);
                a -= kMuTissue * kAirFraction * air * (1.0 - 0.07 * (texture - 0.5));
            }
            airRow[column] = float(air);
            // Spine.
            const double sx = (x - p.spineX) / spineHalf;
            if (sx * sx < 1.0 && a > 0.5) {
                double bone = 7.0 * std::sqrt(1.0 - sx * sx) * bodyDensity;
                // Pedicles: cortical rings beside the midline.
                const double px = (std::fabs(x - p.spineX) - (spineHalf - 4.5)) / 3.8;
                const double py = pedicleY / 5.5;
                const double pr = px * px + py * py;
                if (pr < 1.0) bone += 1.4 * (pr > 0.45 ? 1.0 : 0.6);
                const double qx = (x - p.spineX) / 3.2;
                const double qy = spinousY / 6.5;
                const double qr = qx * qx + qy * qy;
                if (qr < 1.0) bone += 2.5 * std::sqrt(1.0 - qr);
                a += kMuBoneExcess * p.boneContrast * bone;
            }
            attenuation[column] = float(a);
        }
    }

    // Stomach gas under the left dome, flat at its fluid level.
    if (p.stomachBubble) {
        const double rx = 30.0;
        const double ry = 20.0;
        for (int row = std::max(0, int(p.pixelY(p.stomachY - ry))); row < n && row <= int(p.pixelY(p.stomachY));
             ++row) {
            const double y = p.referenceY(row);
            const double dy = (y - p.stomachY) / ry;
            for (int column = std::max(0, int(p.pixelX(p.stomachX - rx)));
                 column < n && column <= int(p.pixelX(p.stomachX + rx)); ++column) {
                const double dx = (p.referenceX(column) - p.stomachX) / rx;
                const double r2 = dx * dx + dy * dy;
                if (r2 < 1.0)
                    canvas.attenuation[size_t(row) * size_t(n) + size_t(column)] -=
                        float(kMuTissue * 45.0 * std::sqrt(1.0 - r2));
            }
        }
    }

    // Trachea and main bronchi: air columns in the mediastinum.
    const double carinaX = p.spineX + 1.0;
    const double carinaY = p.knobY + 8.0;
    const std::vector<Segment> airways = {
        {p.spineX - 2.0, -320.0, carinaX, carinaY, 8.5, 8.0, 0.0, 0.0},
        {carinaX, carinaY, carinaX - 28.0, carinaY + 26.0, 7.0, 5.5, 0.0, 0.0},
        {carinaX, carinaY, carinaX + 36.0, carinaY + 30.0, 6.5, 5.0, 0.0, 0.0},
    };
    addSoftTube(canvas, p, airways, -kMuTissue, [](size_t) { return 1.0; });

    // Pulmonary vessels from each hilum; they show only against air.
    const auto againstAir = [&](size_t index) { return std::min(1.0, double(canvas.air[index]) / 30.0); };
    for (int side = 0; side < 2; ++side) {
        const double sign = side == 0 ? -1.0 : 1.0;
        const double hilumX = sign * (side == 0 ? 58.0 : 60.0);
        const double hilumY = side == 0 ? carinaY + 58.0 : carinaY + 44.0;
        const std::array<double, 9> angles = {-115.0, -92.0, -68.0, -44.0, -18.0, 8.0, 32.0, 56.0, 80.0};
        std::vector<Segment> tree;
        for (double angle : angles) {
            const double a = (angle + random.range(-9.0, 9.0)) * kPi / 180.0;
            const double along = random.range(-12.0, 12.0);
            growVessel(tree, p, random, hilumX - sign * 6.0, hilumY + along, a,
                       random.range(3.6, 5.0) * (angle > 0.0 ? 1.15 : 1.0), random.range(24.0, 34.0), 0, side);
        }
        addSoftTube(canvas, p, tree, kMuTissue * kAirFraction * 3.0, againstAir);
    }

    // Ribs: posterior arcs from the spine, anterior limbs running down and in from the chest wall.
    const double bone = 0.6 * kMuBoneExcess * p.boneContrast;
    for (int side = 0; side < 2; ++side) {
        const double sign = side == 0 ? -1.0 : 1.0;
        for (int k = 0; k < p.ribCount; ++k) {
            const double start = p.ribTop + k * p.ribStep + (side == 1 ? 3.0 : 0.0);
            const double lateralEnd = std::min(p.torsoHalfWidth(start + 15.0) - 7.0, 62.0 + 30.0 * k);
            const double spineEdge = 14.0;
            const double span = lateralEnd - spineEdge;
            const double rise = 8.0 + 1.5 * k;
            const double drop = 20.0 + 2.5 * k;
            const double radius = 4.6 + 0.22 * k;
            // t from the spine (0) to the chest wall (1), denser towards the wall where the rib turns down.
            const auto posterior = [=](double u) -> std::array<double, 2> {
                const double t = 1.0 - (1.0 - u) * (1.0 - u);
                const double y = start - rise * std::sin(0.9 * kPi * t) + drop * (1.0 - std::sqrt(1.0 - t * t));
                return {sign * (spineEdge + span * t), y};
            };
            const double fadeIn = 10.0 / span;
            addBone(canvas, p, curveSegments(posterior, radius, 48), 0.62, 0.35, bone,
                    [=](double u) { return smoothstep(0.0, fadeIn, 1.0 - (1.0 - u) * (1.0 - u)); });
            if (k >= 9) continue;
            // Anterior limb: from the chest wall down and in to the (unseen) costal cartilage.
            const double lateralY = posterior(1.0)[1];
            const double medialEnd = std::max(38.0, 30.0 + 4.0 * k) + (k == 0 ? 20.0 : 0.0);
            const double fall = k == 0 ? 30.0 : 48.0 + 2.0 * k;
            const auto anterior = [=](double u) -> std::array<double, 2> {
                const double t = u * u;  // dense near the wall, where the limb leaves it vertically
                return {sign * (lateralEnd - (lateralEnd - medialEnd) * t),
                        lateralY + fall * (0.25 * std::sqrt(t) + 0.75 * t)};
            };
            addBone(canvas, p, curveSegments(anterior, radius * 1.15, 40), 0.7, 0.6, bone * 0.4,
                    [](double u) { return 1.0 - smoothstep(0.8, 1.0, u); });
        }
        // Clavicle: an S from the sternal end out and up to the acromion.
        const double clavicleY = p.ribTop + 40.0;
        const auto clavicle = [=](double u) -> std::array<double, 2> {
            return {sign * (16.0 + 144.0 * u), clavicleY + 12.0 - 38.0 * u + 8.0 * std::sin(2.0 * kPi * u)};
        };
        addBone(canvas, p, curveSegments(clavicle, 7.0, 48), 0.6, 0.45, bone * 1.5,
                [](double u) { return smoothstep(0.0, 0.06, u); });
        // Humeral head in the shoulder.
        addBall(canvas, p, sign * (p.armX + 4.0), p.armY + 8.0, 24.0, bone * 0.6);
        const std::vector<Segment> humerus = {{sign * (p.armX + 4.0 + 8.0 * p.armDirX), p.armY + 8.0 + 8.0 * p.armDirY,
                                               sign * (p.armX + 4.0 + 300.0 * p.armDirX),
                                               p.armY + 8.0 + 300.0 * p.armDirY, 13.0, 11.0, 0.0, 1.0}};
        addBone(canvas, p, humerus, 0.72, 0.55, bone * 0.6, [](double) { return 1.0; });
    }
}

/// Rotates `source` by `angle` about the centre into `result` (bilinear, edges clamped).
void rotate(const std::vector<float>& source, std::vector<float>& result, int n, double angle)
{
    const double c = std::cos(angle);
    const double s = std::sin(angle);
    const double middle = 0.5 * (n - 1);
    for (int row = 0; row < n; ++row) {
        const double dy = row - middle;
        for (int column = 0; column < n; ++column) {
            const double dx = column - middle;
            // Inverse mapping: the source point that lands here.
            double sx = middle + c * dx + s * dy;
            double sy = middle - s * dx + c * dy;
            sx = std::clamp(sx, 0.0, double(n - 1) - 1e-6);
            sy = std::clamp(sy, 0.0, double(n - 1) - 1e-6);
            const int i = int(sx);
            const int j = int(sy);
            const double fx = sx - i;
            const double fy = sy - j;
            const float* r0 = &source[size_t(j) * size_t(n)];
            const float* r1 = r0 + n;
            const double top = r0[i] + (r0[i + 1] - r0[i]) * fx;
            const double bottom = r1[i] + (r1[i + 1] - r1[i]) * fx;
            result[size_t(row) * size_t(n) + size_t(column)] = float(top + (bottom - top) * fy);
        }
    }
}

}  // namespace

const std::vector<ScannerProfile>& scannerProfiles()
{
    return kProfiles;
}

const ScannerProfile& scannerProfile(const std::string& name)
{
    for (const ScannerProfile& profile : kProfiles)
        if (profile.name == name) return profile;
    std::string known;
    for (const ScannerProfile& profile : kProfiles) known += (known.empty() ? "" : ", ") + profile.name;
    throw std::invalid_argument("unknown scanner profile \"" + name + "\" (known: " + known + ")");
}

std::string toString(Label label)
{
    return label == Label::Pneumonia ? "PNEUMONIA" : "NORMAL";
}

ChestPhantom makeChestPhantom(const ChestPhantomOptions& options)
{
    const int n = options.size;
    if (n < 256 || n > 8192) throw std::invalid_argument("phantom size must be 256 .. 8192 pixels");
    if (options.study < 0) throw std::invalid_argument("phantom study number must be >= 0");
    // The system's look; the standard four share the phantom's own, so without --scanner every
    // image is what it was before profiles existed.
    const ScannerProfile* chosen = options.scanner.empty() ? nullptr : &scannerProfile(options.scanner);
    const ScannerProfile& look = chosen ? *chosen : kProfiles.front();
    Random random(options.seed);
    Patient p = drawPatient(random, n);
    if (chosen && chosen->fieldMm > 0) p.spacing = std::round(chosen->fieldMm / n * 1e4) / 1e4;
    // A later study of the same patient: the same body (the seed's anatomy), positioned and exposed
    // anew, with its own findings, all drawn from a stream of its own.
    Random followUp(options.seed * 2246822519u + uint32_t(options.study) * 3266489917u + 374761393u);
    Random& study = options.study == 0 ? random : followUp;
    if (options.study > 0) {
        p.shiftX = study.range(-10.0, 10.0);
        p.shiftY = study.range(-8.0, 14.0);
        p.rotation = study.range(-3.0, 3.0) * kPi / 180.0;
        p.noise = study.range(0.014, 0.024);
        p.compression = study.range(0.5, 0.65);
        p.enhancement = study.range(0.4, 0.7);
    }

    Canvas canvas;
    canvas.n = n;
    canvas.attenuation.assign(size_t(n) * size_t(n), 0.0f);
    canvas.air.assign(size_t(n) * size_t(n), 0.0f);
    paintAnatomy(canvas, p, random);

    ChestPhantom result;
    result.label = options.label;
    std::vector<std::array<double, 4>> boxes;
    if (options.label == Label::Pneumonia) {
        const double roll = study.uniform();
        const int count = roll < 0.5 ? 1 : (roll < 0.85 ? 2 : 3);
        for (int i = 0; i < count; ++i) {
            const Lesion lesion = drawLesion(study, p);
            const auto box = addLesion(canvas, p, study, lesion);
            if (box[0] <= box[2]) boxes.push_back(box);
        }
    }
    canvas.cover = {};

    // Patient rotation in the image plane; the lesion boxes follow. The canvas' buffers are
    // reused below: in a fresh process, touching new memory costs as much as the arithmetic.
    std::vector<float> image(canvas.air.size());
    rotate(canvas.attenuation, image, n, p.rotation);
    std::vector<float> blurred = std::move(canvas.attenuation);
    std::vector<float> scratch = std::move(canvas.air);
    {
        const double c = std::cos(p.rotation);
        const double s = std::sin(p.rotation);
        const double middle = 0.5 * (n - 1);
        for (const auto& box : boxes) {
            double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
            for (int corner = 0; corner < 4; ++corner) {
                const double bx = (corner & 1 ? box[2] : box[0]) - middle;
                const double by = (corner & 2 ? box[3] : box[1]) - middle;
                // Forward mapping, the inverse of the one in rotate().
                const double x = middle + c * bx - s * by;
                const double y = middle + s * bx + c * by;
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
            LesionBox lesion;
            lesion.x0 = std::clamp(int(std::floor(x0)), 0, n - 1);
            lesion.y0 = std::clamp(int(std::floor(y0)), 0, n - 1);
            lesion.x1 = std::clamp(int(std::ceil(x1)), 0, n - 1);
            lesion.y1 = std::clamp(int(std::ceil(y1)), 0, n - 1);
            result.lesions.push_back(lesion);
        }
    }

    // Quantum noise: fewer photons behind more attenuation, sigma ~ exp(A / 2), from a table.
    {
        constexpr int kSteps = 1024;
        constexpr double kMaxA = 8.0;
        std::array<float, kSteps + 1> sigma{};
        for (int i = 0; i <= kSteps; ++i)
            sigma[size_t(i)] = float(look.noiseScale * p.noise * std::exp(0.5 * (kMaxA * i / kSteps - 2.2)));
        for (float& value : image) {
            const int step = std::clamp(int(value * (kSteps / kMaxA)), 0, kSteps);
            value += sigma[size_t(step)] * study.normal();
        }
    }

    // Detector processing: compress the dense large scale (about 40 mm), sharpen the small (about 1 mm).
    {
        blurred = image;
        const int radius = std::max(1, int(std::lround(24.0 / p.spacing)));
        for (int pass = 0; pass < 3; ++pass) boxBlur(blurred, n, radius, scratch);
        const float k = float(p.compression);
        const float reference = 3.0f;
        for (size_t i = 0; i < image.size(); ++i) {
            // Only the dense parts: the lungs and the air around the patient keep their levels.
            if (blurred[i] > reference) image[i] -= k * (blurred[i] - reference);
        }
    }
    {
        blurred = image;
        const int radius = std::max(1, int(std::lround(0.8 / p.spacing)));
        for (int pass = 0; pass < 2; ++pass) boxBlur(blurred, n, radius, scratch);
        const float e = float(p.enhancement);
        for (size_t i = 0; i < image.size(); ++i) image[i] += e * (image[i] - blurred[i]);
    }
    if (look.blurMm > 0.0) {
        const int radius = std::max(1, int(std::lround(look.blurMm / p.spacing)));
        boxBlur(image, n, radius, scratch);
    }

    // To 12 bits, MONOCHROME2 sense (brighter = more attenuation).
    dicom::GrayImageSpec& spec = result.spec;
    spec.rows = n;
    spec.columns = n;
    spec.bitsAllocated = 16;
    spec.bitsStored = 12;
    spec.highBit = 11;
    spec.pixelRepresentation = 0;
    spec.storedValues.resize(image.size());
    std::vector<uint32_t> histogram(4096, 0);
    const float offset = 240.0f;
    const float gain = 640.0f;
    const float top = (4095.0f - offset) / gain;  // the signal at the 12-bit maximum
    const bool curved = look.gamma != 1.0;
    for (size_t i = 0; i < image.size(); ++i) {
        float signal = image[i];
        if (curved) signal = top * std::pow(std::clamp(signal / top, 0.0f, 1.0f), float(look.gamma));
        const int value = std::clamp(int(std::lround(offset + gain * signal)), 0, 4095);
        spec.storedValues[i] = value;
        ++histogram[size_t(value)];
    }
    // Window: from the darkest lung to the densest bone, ignoring the air around the patient.
    const int bodyThreshold = int(offset + gain * 1.2f);
    uint64_t body = 0;
    for (int v = bodyThreshold; v < 4096; ++v) body += histogram[size_t(v)];
    const auto percentile = [&](double fraction) {
        const uint64_t wanted = uint64_t(fraction * double(body));
        uint64_t seen = 0;
        for (int v = bodyThreshold; v < 4096; ++v) {
            seen += histogram[size_t(v)];
            if (seen > wanted) return v;
        }
        return 4095;
    };
    const int low = percentile(0.005);
    const int high = percentile(0.999);
    const double windowLow = low - look.windowBelow * (high - low);
    const double windowHigh = high + look.windowAbove * (high - low);
    double center = std::round(0.5 * (windowLow + windowHigh));
    double width = std::round(windowHigh - windowLow);
    int maximum = 4095;
    if (look.bitsStored != 12) {
        // Another bit depth: the same signal on a scale of 2^bits levels.
        maximum = (1 << look.bitsStored) - 1;
        const double factor = double(maximum) / 4095.0;
        for (int32_t& value : spec.storedValues) value = int32_t(std::lround(value * factor));
        center = std::round(center * factor);
        width = std::max(2.0, std::round(width * factor));
        spec.bitsStored = look.bitsStored;
        spec.highBit = look.bitsStored - 1;
    }

    if (options.monochrome1) {
        for (int32_t& value : spec.storedValues) value = maximum - value;
        center = double(maximum) - center;
        spec.photometricInterpretation = "MONOCHROME1";
        spec.presentationLutShape = "INVERSE";
    } else {
        spec.photometricInterpretation = "MONOCHROME2";
        spec.presentationLutShape = "IDENTITY";
    }
    spec.modalityTransform.kind = dicom::ModalityTransform::Kind::Rescale;
    spec.modalityTransform.slope = 1.0;
    spec.modalityTransform.intercept = 0.0;
    spec.voiPresets = {dicom::VoiPreset::window(center, width)};

    spec.modality = "DX";
    spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";  // Digital X-Ray Image Storage - For Presentation
    spec.patientId = options.patientId;
    spec.patientName = options.patientName;
    spec.studyDate = options.studyDate;
    spec.pixelSpacingMm = p.spacing;
    spec.patientSex = p.female ? "F" : "M";
    {
        int year = 2026;
        if (options.studyDate.size() >= 4)
            std::from_chars(options.studyDate.data(), options.studyDate.data() + 4, year);
        year = std::clamp(year - p.age, 1900, 9999);
        char date[32];
        std::snprintf(date, sizeof date, "%04d%02d%02d", year, 1 + int(study.uniform() * 12.0),
                      1 + int(study.uniform() * 28.0));
        spec.patientBirthDate = options.patientBirthDate.empty() ? std::string(date) : options.patientBirthDate;
    }
    const ScannerProfile& profile = chosen ? *chosen : kProfiles[size_t(study.integer(0, kStandardProfiles - 1))];
    spec.manufacturer = profile.manufacturer;
    spec.manufacturerModelName = profile.model;
    if (!options.scanner.empty()) spec.stationName = profile.stationName;
    spec.bodyPartExamined = "CHEST";
    spec.viewPosition = "PA";
    spec.studyDescription = "XR CHEST PA (SYNTHETIC)";
    spec.seriesDescription = "PA CHEST SYNTHETIC PHANTOM";
    spec.imageComments = "SYNTHETIC PHANTOM - NOT FOR CLINICAL USE";
    spec.studyTime = "120000";
    dicom::DigitalXRayAttributes& dx = spec.digitalXRay;
    dx.presentationIntentType = "FOR PRESENTATION";
    dx.imageType = "DERIVED\\PRIMARY";
    dx.patientOrientation = "L\\F";  // a PA chest as it is read: the patient's left on the right
    dx.imageLaterality = "U";
    dx.pixelIntensityRelationship = "LOG";
    // MONOCHROME2 values grow with attenuation (less beam intensity); MONOCHROME1's are inverted.
    dx.pixelIntensityRelationshipSign = options.monochrome1 ? 1 : -1;
    dx.burnedInAnnotation = "NO";
    dx.detectorType = "SCINTILLATOR";
    dx.positionerType = "NONE";
    dx.imagerPixelSpacingMm = p.spacing;
    dx.anatomicRegionCodeValue = "51185008";  // SNOMED CT: Chest (DICOM CID 4031, formerly SRT T-D3000)
    dx.anatomicRegionCodingScheme = "SCT";
    dx.anatomicRegionCodeMeaning = "Chest";
    return result;
}

}  // namespace pulmo::phantom
