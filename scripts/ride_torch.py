#!/usr/bin/env python3
"""RIDE log-likelihood map in plain PyTorch (CPU, float32, no custom kernels): the yardstick for the Java map.

The model is RIDE L/H of ride-spec.md (gray images, nb_size 5 by default): causal neighbourhoods (§3), conditional
whitening (§4), spatial LSTM layers (§5, h = tanh(o*c), two forget gates, zero borders) and the factorized MCGSM
(§6), log p(y | past) = LSE(g + l) - LSE(g) + log|det P_out| in nats per reachable pixel (§7.3).

How it computes, as a competent PyTorch user would write it:
  * neighbourhoods by slicing (one strided slice per mask entry, stacked), whitening as two float32 matmuls;
  * the spatial LSTM as an anti-diagonal wavefront: all grid positions (i, j) with i + j = d and all images of the
    batch in one step; per diagonal ONE fused gate matmul u @ W^T + b with u = [x~, h_left, h_top] (N*n x 140) and
    W = [W_g; W_i; W_f_i; W_f_j; W_o] (320 x 140), then tanh_ / sigmoid_ in place on the gate blocks, torch.mul and
    addcmul_ straight into the state buffers; the states of the previous diagonal are kept in two row-indexed
    buffers (double buffering), so left and top neighbours are plain slices; every h is also copied into an
    [N, R*C, H] array for the MCGSM;
  * the MCGSM vectorised over all pixels, in chunks of --chunk pixels (default 2048: measured 2.5x faster than all
    512k pixels of 8x256^2 at once and 1.3x faster than 65536, the [m, K, S] temporaries then stay in cache):
    three matmuls (features, linear features, predictors), [m, K, S] tensors, torch.logsumexp over (K, S).
Everything runs under torch.no_grad() in float32 (the whitening statistics are stored in float64 and cast).

Model source: a RIDE model zip written by the Java code (model.json + weights/*.npy, docs/model-format.md), or
random weights of the same shapes (Uniform(-0.08, 0.08) LSTM weights, forget-gate biases -1, cmt's MCGSM constructor
initialisation, whitening fitted on the image), like RideSpeedBenchmark.

Usage:
  ride_torch.py check [DIR]        compare with TorchParityExport's files (DIR = target/torch-parity) and with the
                                   self-test map stored in every model zip there
  ride_torch.py bench [--model ZIP] [--reps 5] [--threads 1,2] [--chunk 2048] [--fuse-x/--no-fuse-x]
                                   px/s of the map for 8x256^2 and 1x512^2, best of reps after one warm-up each
"""
import argparse
import datetime
import io
import json
import math
import os
import sys
import time
import zipfile

import numpy as np
import torch

GATES = ["g", "i", "f_i", "f_j", "o"]  # order of the fused gate blocks (as the Java FusedFloat): [g | i | f_i | f_j | o]
MCGSM = ["priors", "scales", "weights", "features", "cholesky_factors", "predictors", "linear_features", "means"]


# ---------------------------------------------------------------------------------------------------------------
# model

def causal_mask(nb):
    """Input mask (rows x cols bool) and output offset of spec §3.1 for one gray channel."""
    rows, t = (nb + 1) // 2, (nb + 1) // 2
    m = np.zeros((rows, nb), bool)
    m[: t - 1, :] = True
    m[t - 1, : t - 1] = True
    return m, (t - 1, t - 1)


def load_model(path):
    """A Java-written model zip -> dict of float32 torch tensors (+ config, mask, log_jacobian)."""
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("model.json"))
        arr = {n[len("weights/"):-4]: np.load(io.BytesIO(z.read(n))) for n in z.namelist() if n.endswith(".npy")}
    c = meta["config"]
    if c["num_channels"] != 1 or c["extended"] or c["nonlinearity"].lower() != "tanh":
        sys.exit("ride_torch.py handles gray, plain (not extended), TanH models only")
    mask = np.array(meta["mask"]["input"], bool)
    m = dict(config=c, mask=mask, offset=(meta["mask"]["i_off"], meta["mask"]["j_off"]),
             log_jacobian=float(meta["whitening"]["log_jacobian"]), arrays=arr)
    layers = []
    for l in range(c["num_layers"]):
        W = np.concatenate([arr[f"slstm{l}_W_{g}"] for g in GATES], 0)  # [5H, K]
        b = np.concatenate([arr[f"slstm{l}_b_{g}"] for g in GATES], 0)  # [5H]
        layers.append((W, b))
    m["layers"] = layers
    m["mcgsm"] = {g: arr["mcgsm_" + g] for g in MCGSM}
    m["whitening"] = {k: arr["whitening_" + k] for k in ("mean_in", "mean_out", "pre_in", "pre_out", "predictor")}
    return to_torch(m)


def fit_whitening(x, y):
    """Spec §4.1 in float64: biased covariance, symmetric inverse square roots. x [M, d_in], y [M, 1]."""
    x, y = x.astype(np.float64), y.astype(np.float64)
    mx, my = x.mean(0), y.mean(0)
    z = np.concatenate([x - mx, y - my], 1)
    cov = z.T @ z / len(z)
    d = x.shape[1]
    cxx, cyx, cyy = cov[:d, :d], cov[d:, :d], cov[d:, d:]

    def isqrt(c):
        lam, v = np.linalg.eigh(c)
        return (v * lam ** -0.5) @ v.T

    p_in = isqrt(cxx)
    w = cyx @ p_in
    p_out = isqrt(cyy - w @ w.T)
    return dict(mean_in=mx, mean_out=my, pre_in=p_in, pre_out=p_out, predictor=w), float(np.linalg.slogdet(p_out)[1])


def random_model(image, layers=1, hid=64, k=32, s=4, f=32, nb=5, seed=1):
    """Random weights of the right shapes (RideSpeedBenchmark: forget biases -1), whitening fitted on `image`."""
    rng = np.random.default_rng(seed)
    mask, off = causal_mask(nb)
    d_in = int(mask.sum())
    lay = []
    for l in range(layers):
        c_in = d_in if l == 0 else hid
        W = rng.uniform(-0.08, 0.08, (5 * hid, c_in + 2 * hid))
        b = np.zeros(5 * hid)
        b[2 * hid: 4 * hid] = -1.0  # f_i, f_j
        lay.append((W, b))
    mc = dict(priors=np.zeros((k, s)), scales=rng.uniform(-1, 1, (k, s)),
              weights=np.abs(rng.uniform(-1, 1, (k, f))) / 100 + 0.01, features=rng.normal(size=(hid, f)) / 100,
              cholesky_factors=np.ones((k, 1, 1)), predictors=rng.normal(size=(k, 1, hid)) / 10,
              linear_features=np.zeros((k, hid)), means=np.zeros((1, k)))
    x, y = neighbourhoods(torch.as_tensor(image[None], dtype=torch.float32), mask, off)
    wh, logj = fit_whitening(x.reshape(-1, d_in).numpy(), y.reshape(-1, 1).numpy())
    m = dict(config=dict(num_layers=layers, num_hiddens=hid, num_components=k, num_scales=s, num_features=f,
                         nb_size=nb), mask=mask, offset=off, log_jacobian=logj, layers=lay, mcgsm=mc, whitening=wh)
    return to_torch(m)


def to_torch(m):
    f32 = lambda a: torch.as_tensor(np.asarray(a, np.float64), dtype=torch.float32)
    m["layers"] = [(f32(W).t().contiguous(), f32(b)) for W, b in m["layers"]]  # W^T [K, 5H] for u @ W^T
    mc = m["mcgsm"]
    # Cholesky normalisation (spec §6.1): L_k[0,0] = 1; the Java writer stores it normalised, this keeps any file exact
    L = np.asarray(mc["cholesky_factors"], np.float64)
    p = L[:, 0, 0].copy()
    if not np.all(p == 1):
        mc = dict(mc, cholesky_factors=L / p[:, None, None], scales=mc["scales"] + 2 * np.log(np.abs(p))[:, None],
                  weights=mc["weights"] / p[:, None])
    m["mcgsm"] = {g: f32(v) for g, v in mc.items()}
    m["whitening"] = {g: f32(v) for g, v in m["whitening"].items()}
    return m


# ---------------------------------------------------------------------------------------------------------------
# forward

def neighbourhoods(images, mask, off):
    """images [N, Hh, Ww] -> x [N, R, C, d_in] (row-major mask order), y [N, R, C] (spec §3.2)."""
    rows, cols = mask.shape
    n, hh, ww = images.shape
    r, c = hh - rows + 1, ww - cols + 1
    x = torch.stack([images[:, a: a + r, b: b + c] for a, b in zip(*np.nonzero(mask))], -1)
    y = images[:, off[0]: off[0] + r, off[1]: off[1] + c]
    return x, y


def slstm(x, W_t, b, hid, fuse_x=True):
    """One spatial LSTM layer over the grid by anti-diagonals. x [N, R, C, C_in] -> h [N, R*C, H] (row-major)."""
    n, r, c, c_in = x.shape
    xf = x.reshape(n, r * c, c_in)
    out = x.new_empty(n, r * c, hid)
    # states of the previous and current diagonal by grid row i, at buffer row i+1; buffer row 0 (i = -1) stays 0
    h_buf = [x.new_zeros(n, r + 1, hid), x.new_zeros(n, r + 1, hid)]
    c_buf = [x.new_zeros(n, r + 1, hid), x.new_zeros(n, r + 1, hid)]
    w_x, w_h = W_t[:c_in], W_t[c_in:]
    if not fuse_x:  # the x part of all gates for all positions at once (cuDNN-style input projection)
        xproj = torch.addmm(b, xf.reshape(-1, c_in), w_x).view(n, r * c, 5 * hid)
    for d in range(r + c - 1):
        i0, i1 = max(0, d - c + 1), min(r - 1, d)
        m = i1 - i0 + 1
        hp, cp, hn, cn = h_buf[d % 2], c_buf[d % 2], h_buf[1 - d % 2], c_buf[1 - d % 2]
        idx = torch.arange(i0, i1 + 1) * (c - 1) + d  # flat index of (i, d - i)
        h_left, h_top = hp[:, i0 + 1: i1 + 2], hp[:, i0: i1 + 1]  # (i, j-1) and (i-1, j), both on diagonal d-1
        c_left, c_top = cp[:, i0 + 1: i1 + 2], cp[:, i0: i1 + 1]
        if fuse_x:
            u = torch.cat([xf[:, idx], h_left, h_top], 2).view(n * m, -1)
            a = torch.addmm(b, u, W_t)
        else:
            u = torch.cat([h_left, h_top], 2).view(n * m, -1)
            a = torch.addmm(xproj[:, idx].reshape(n * m, -1), u, w_h)
        a = a.view(n, m, 5 * hid)
        g = a[..., :hid].tanh_()  # activations in place on the gate buffer
        s = a[..., hid:].sigmoid_()
        ig, fi, fj, o = s[..., :hid], s[..., hid: 2 * hid], s[..., 2 * hid: 3 * hid], s[..., 3 * hid:]
        cc = cn[:, i0 + 1: i1 + 2]  # c = i*g + f_j*c_left + f_i*c_top: f_j gates the LEFT memory (pitfall 2)
        torch.mul(ig, g, out=cc).addcmul_(fj, c_left).addcmul_(fi, c_top)
        hh = hn[:, i0 + 1: i1 + 2]  # h = tanh(o*c), not o*tanh(c) (pitfall 1)
        torch.mul(o, cc, out=hh).tanh_()
        out[:, idx] = hh
    return out


def mcgsm_loglik(h, y, p, chunk=2048):
    """log p(y | h) of the factorized MCGSM, D = 1 (spec §6.2). h [M, N_in], y [M] whitened -> [M] nats."""
    eta, alpha, beta, B = p["priors"], p["scales"], p["weights"], p["features"]
    A, U, mu, L = p["predictors"][:, 0, :], p["linear_features"], p["means"][0], p["cholesky_factors"][:, 0, 0]
    ea = alpha.exp()  # [K, S]
    beta2_t = (beta * beta).t().contiguous()  # [F, K]
    A_t, U_t = A.t().contiguous(), U.t().contiguous()
    const = 0.5 * alpha + torch.log(L.abs())[:, None] - 0.5 * math.log(2 * math.pi)  # [K, S]
    out = torch.empty(h.shape[0])
    chunk = chunk if chunk > 0 else h.shape[0]  # 0: all pixels at once
    for s0 in range(0, h.shape[0], chunk):
        hc, yc = h[s0: s0 + chunk], y[s0: s0 + chunk]
        f = hc @ B  # [m, F]
        w = (f * f) @ beta2_t - 2 * (hc @ U_t)  # [m, K]
        e = (yc[:, None] - hc @ A_t - mu) * L  # [m, K]  (L_k^T e_k for D = 1)
        g = eta - 0.5 * ea * w[:, :, None]  # [m, K, S] gate log-weights
        gl = g + const - 0.5 * ea * (e * e)[:, :, None]  # g + expert log-density
        out[s0: s0 + chunk] = torch.logsumexp(gl.flatten(1), 1) - torch.logsumexp(g.flatten(1), 1)
    return out


LAST_PHASES = [0.0, 0.0, 0.0]


@torch.no_grad()
def loglik_map(model, images, chunk=2048, fuse_x=True):
    """images [N, Hh, Ww] float32 -> [N, Hh, Ww] float32 nats per pixel, NaN at the unreachable border."""
    t0 = time.perf_counter()
    images = torch.as_tensor(images, dtype=torch.float32)
    n, hh, ww = images.shape
    x, y = neighbourhoods(images, model["mask"], model["offset"])
    _, r, c, d_in = x.shape
    wh = model["whitening"]
    xw = (x.reshape(-1, d_in) - wh["mean_in"]) @ wh["pre_in"].t()  # x~ = P_in (x - mu_x)
    yw = ((y.reshape(-1) - wh["mean_out"][0]) - xw @ wh["predictor"][0]) * wh["pre_out"][0, 0]  # y~ = P_out(y-mu-Wx~)
    hid = model["config"]["num_hiddens"]
    t1 = time.perf_counter()
    h = xw.view(n, r, c, d_in)
    for W_t, b in model["layers"]:
        h = slstm(h, W_t, b, hid, fuse_x).view(n, r, c, hid)
    t2 = time.perf_counter()
    ll = mcgsm_loglik(h.reshape(n * r * c, -1), yw, model["mcgsm"], chunk) + model["log_jacobian"]
    LAST_PHASES[:] = [t1 - t0, t2 - t1, time.perf_counter() - t2]  # neighbourhoods + whitening, LSTM, MCGSM
    out = torch.full((n, hh, ww), float("nan"))
    i_off, j_off = model["offset"]
    out[:, i_off: i_off + r, j_off: j_off + c] = ll.view(n, r, c)
    return out


# ---------------------------------------------------------------------------------------------------------------
# check against the Java code

def compare(what, got, want):
    nan_ok = bool(np.array_equal(np.isnan(got), np.isnan(want)))
    v = ~np.isnan(want)
    d = np.abs(got[v].astype(np.float64) - want[v])
    mean_diff = abs(got[v].astype(np.float64).mean() - want[v].astype(np.float64).mean())
    print(f"| {what} | {v.sum()} | {want[v].astype(np.float64).mean():.6f} | {mean_diff:.2e} | {d.mean():.2e} "
          f"| {np.quantile(d, 0.999):.2e} | {d.max():.2e} | {'yes' if nan_ok else '**no**'} |")
    return d.mean(), nan_ok


def check(folder):
    torch.set_num_threads(1)
    print(f"# ride_torch.py check — {datetime.date.today()}, torch {torch.__version__}, numpy {np.__version__}\n")
    print("| PyTorch map vs Java map (nats/px) | pixels | Java mean | |Δ mean| | mean |Δ| | 99.9 % |Δ| | max |Δ| "
          "| NaN border same |")
    print("|---|---|---|---|---|---|---|---|")
    image = np.load(os.path.join(folder, "image.npy"))
    worst, ok = 0.0, True
    for name in ("random", "trained"):
        zp = os.path.join(folder, name + ".zip")
        if not os.path.exists(zp):
            continue
        model = load_model(zp)
        got = loglik_map(model, image[None])[0].numpy()
        for maths in ("exact", "fast"):
            mp = os.path.join(folder, f"{name}_map_{maths}.npy")
            if os.path.exists(mp):
                md, nk = compare(f"{name}.zip, {image.shape[0]}² image, Java {maths} gate maths", got, np.load(mp))
                worst, ok = max(worst, md), ok and nk
        dp = os.path.join(folder, f"{name}_map_double.npy")
        if os.path.exists(dp):  # the float32 round-off floor: how far Java's own float32 map is from float64
            ref = np.load(dp)
            compare(f"  (floor) Java float32 exact vs Java float64, same weights", np.load(
                os.path.join(folder, f"{name}_map_exact.npy")), ref)
            compare(f"  PyTorch float32 vs Java float64, same weights", got, ref)
        # the self-test the Java writer stored in the zip (its own small image and map)
        st_in, st_ll = model["arrays"]["self_test_input"][0], model["arrays"]["self_test_loglik"]
        got_st = loglik_map(model, st_in[None])[0].numpy()
        md, nk = compare(f"{name}.zip self-test {st_in.shape[0]}² (stored in the zip)", got_st, st_ll)
        worst, ok = max(worst, md), ok and nk
        # the other wavefront variant (x projection outside the loop) must agree too
        alt = loglik_map(model, image[None], fuse_x=False)[0].numpy()
        v = ~np.isnan(got)
        print(f"| {name}.zip: --no-fuse-x vs --fuse-x | {v.sum()} | | | {np.abs(alt[v] - got[v]).mean():.2e} | | "
              f"{np.abs(alt[v] - got[v]).max():.2e} | |")
    verdict = ok and worst <= 1e-4
    print(f"\nworst mean |Δ| {worst:.2e} nats/px: {'MATCH (≤ 1e-4)' if verdict else '**MISMATCH**'}")
    return 0 if verdict else 1


# ---------------------------------------------------------------------------------------------------------------
# speed

FLOP_PX = 10.0 * 64 * (12 + 128) + 11 * 64 + 16_000  # the Java benchmark's FLOP model (data-and-cost.md §4.3)


def sgemm_gflops(n=1024, reps=4):
    a, b = torch.rand(n, n), torch.rand(n, n)
    c = torch.empty(n, n)
    torch.mm(a, b, out=c)
    best = min(_timed(lambda: torch.mm(a, b, out=c)) for _ in range(reps))
    return 2.0 * n ** 3 / best / 1e9


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def blas_library():
    try:
        libs = {l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and l.split()[-1].startswith("/")}
        return ", ".join(sorted(os.path.basename(x) for x in libs)) or "none mapped"
    except OSError:
        return "?"


def dead_leaves_like(side, seed=0):
    """A piecewise-constant test image (discs of random gray values), speed does not depend on the content."""
    rng = np.random.default_rng(seed)
    im = np.zeros((side, side), np.float32)
    yy, xx = np.mgrid[:side, :side]
    for _ in range(400):
        cy, cx, r = rng.uniform(0, side), rng.uniform(0, side), side * rng.uniform(0.01, 0.15)
        im[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = rng.uniform(0, 256)
    return im + rng.uniform(0, 1, im.shape).astype(np.float32)


def bench(args):
    threads = [int(t) for t in args.threads.split(",")]
    if args.reps < 1:
        sys.exit("--reps must be ≥ 1 (one warm-up call precedes the timed ones)")
    img512 = np.load(args.image) if args.image else dead_leaves_like(512)
    if img512.shape != (512, 512):
        img512 = np.tile(img512, (512 // img512.shape[0] + 1, 512 // img512.shape[1] + 1))[:512, :512]
    img512 = img512.astype(np.float32)
    model = load_model(args.model) if args.model else random_model(img512[:256, :256])
    src = args.model or "random weights (forget biases −1), whitening fitted on the image"
    batch = np.stack([np.roll(img512, (37 * k, 59 * k), (0, 1))[:256, :256] for k in range(8)])  # 8 crops
    cases = [("8 × 256²", batch), ("1 × 512²", img512[None])]
    load = open("/proc/loadavg").read().split()[:3]
    torch.set_num_threads(1)
    g1 = sgemm_gflops()
    torch.set_num_threads(2)
    g2 = sgemm_gflops()
    print(f"# RIDE {len(model['layers'])}/{model['config']['num_hiddens']} log-likelihood map, plain PyTorch — "
          f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load {' '.join(load)}")
    print(f"torch {torch.__version__}, BLAS {blas_library()}, {os.cpu_count()} CPUs, model: {src}, "
          f"MCGSM chunk {args.chunk}, input projection {'inside the per-diagonal matmul' if args.fuse_x else 'outside the loop'}")
    print(f"SGEMM 1024³ (torch.mm float32): {g1:.1f} GFLOP/s on 1 thread, {g2:.1f} on 2\n")
    print("| case | threads | best time | px/s | effective GFLOP/s | ratio to 1-thread SGEMM | cores used "
          "| split: prep / LSTM / MCGSM |")
    print("|---|---|---|---|---|---|---|---|")
    for what, imgs in cases:
        x = torch.as_tensor(imgs)
        best, cores, split = {t: float("inf") for t in threads}, {}, {}
        for r in range(args.reps + 1):  # repetition 0 = warm-up; thread counts interleaved as in the Java benchmark
            for t in threads:
                torch.set_num_threads(t)
                c0, t0 = time.process_time(), time.perf_counter()
                loglik_map(model, x, args.chunk, args.fuse_x)
                s = time.perf_counter() - t0
                if r > 0 and s < best[t]:
                    best[t], cores[t], split[t] = s, (time.process_time() - c0) / s, list(LAST_PHASES)
        px = imgs.shape[0] * imgs.shape[1] * imgs.shape[2]
        for t in threads:
            gf = px * FLOP_PX / best[t] / 1e9
            print(f"| (a) log-likelihood map {what} | {t} | {best[t]:.3f} s | {px / best[t]:.0f} | {gf:.1f} "
                  f"| {gf / g1:.2f} | {cores[t]:.2f} | {' / '.join(f'{p:.3f}' for p in split[t])} s |")
    print(f"\nload after: {' '.join(open('/proc/loadavg').read().split()[:3])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("folder", nargs="?", default="target/torch-parity")
    b = sub.add_parser("bench")
    b.add_argument("--model", help="a RIDE model zip (default: random weights)")
    b.add_argument("--image", help="a float32 .npy image, tiled to 512² (default: random discs)")
    b.add_argument("--reps", type=int, default=5)
    b.add_argument("--threads", default="1,2")
    b.add_argument("--chunk", type=int, default=2048, help="MCGSM pixels per step (0 = all at once)")
    b.add_argument("--fuse-x", dest="fuse_x", action=argparse.BooleanOptionalAction, default=True)
    a = ap.parse_args()
    sys.exit(check(a.folder) if a.cmd == "check" else bench(a))


if __name__ == "__main__":
    main()
