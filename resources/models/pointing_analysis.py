#!/usr/bin/python3
# Usage: pointing_analysis.py MODEL.pt DUMP_DIR DATA_DIR
#   DUMP_DIR from `pulmo-cli infer --model MODEL.pt --dump-dir DUMP_DIR <the PNEUMONIA files of DATA_DIR>`,
#   DATA_DIR the phantom folder with the sidecars. Needs torch, torchvision, numpy, pydicom.
# Pointing game of a state_dict on dumped inputs: the product's layer4 CAM as registered today, the
# same CAM registered on the receptive-field centres (cell i on input pixel 32i), the head centred
# over the classes ((w_P - w_N)/2), and both. Also the mean offset of the product's peak.
import sys, glob, os, json
import numpy as np, torch, torch.nn.functional as F, torchvision
model, dump, data = sys.argv[1], sys.argv[2], sys.argv[3]
sd = torch.load(model, map_location='cpu')
net = torchvision.models.resnet18(num_classes=2); net.load_state_dict({k: v.float() for k, v in sd.items()}); net.eval()
trunk = torch.nn.Sequential(*list(net.children())[:-2]); Wt = net.fc.weight.detach()
def peak(cam, H, W, rf):
    up = F.interpolate(cam.view(1, 1, 7, 7), size=(H, W), mode='bilinear', align_corners=False)
    if rf:
        sh = 15.5 / 224
        gy = ((torch.arange(H) + 0.5) / H + sh) * 2 - 1; gx = ((torch.arange(W) + 0.5) / W + sh) * 2 - 1
        grid = torch.stack(torch.meshgrid(gy, gx, indexing='ij')[::-1], -1)[None].float()
        up = F.grid_sample(F.interpolate(cam.view(1, 1, 7, 7), size=(H, W), mode='bilinear', align_corners=False),
                           grid, mode='bilinear', padding_mode='border', align_corners=False)
    m = (up[0, 0] * (255 / cam.max())).round().clamp(0, 255)
    yy, xx = np.nonzero((m == m.max()).numpy()); return xx.mean(), yy.mean()
res = {}; dys = []; dxs = []
for f in sorted(glob.glob(dump + '/*_input.npy')):
    base = os.path.basename(f)[:-10]
    s = json.load(open(os.path.join(data, base + '.json')))
    if s['label'] != 'PNEUMONIA' or not s['lesions']: continue
    import pydicom
    H = W = int(pydicom.dcmread(os.path.join(data, base + '.dcm'), stop_before_pixels=True).Rows)
    with torch.no_grad(): A = trunk(torch.from_numpy(np.load(f)))[0]
    for head in ('class', 'centred'):
        w = Wt[1] if head == 'class' else (Wt[1] - Wt[0]) / 2
        cam = torch.relu(torch.einsum('k,khw->hw', w, A))
        for rf in (False, True):
            px, py = peak(cam, H, W, rf)
            hit = any(b[0] <= px <= b[2] and b[1] <= py <= b[3] for b in s['lesions'])
            r = res.setdefault((head, rf), [0, 0]); r[0] += hit; r[1] += 1
            if head == 'class' and not rf:
                cs = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in s['lesions']]
                c = min(cs, key=lambda c: (c[0] - px) ** 2 + (c[1] - py) ** 2)
                dxs.append((px - c[0]) / (W / 7) * (1 if c[0] > W / 2 else -1)); dys.append((py - c[1]) / (H / 7))
for (head, rf), (h, n) in res.items():
    print('%-8s head, %-22s registration: %3d / %3d = %.3f' % (head, 'receptive-field' if rf else 'product (today)', h, n, h / n))
print('product peak - nearest box centre, in layer4 cells: lateral %+.2f (negative = medial), down %+.2f' % (np.nanmean(dxs), np.nanmean(dys)))
