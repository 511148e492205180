#!/usr/bin/python3
# Usage: cam_layer_analysis.py MODEL.pt DUMP_DIR DATA_DIR
#   DUMP_DIR from `pulmo-cli infer --model MODEL.pt --dump-dir DUMP_DIR <the PNEUMONIA files of DATA_DIR>`,
#   DATA_DIR the phantom folder with the sidecars. Needs torch, torchvision, numpy, pydicom (Debian's).
# Pointing game of a resnet18 state_dict on the dumped inputs for Grad-CAM and two per-location
# variants (HiResCAM: sum of gradient x activation; LayerCAM: positive gradient x activation) at
# layer2, layer3 and layer4, each map explaining the logit difference PNEUMONIA - NORMAL, cell i
# on its receptive-field centre (input pixel stride * i), as the product places it. Then the
# chance level of the rule: the best single fixed point, chosen in hindsight, over all images.
import glob, json, os, sys
import numpy as np, pydicom, torch, torchvision
model, dump, data = sys.argv[1:4]
state = torch.load(model, map_location='cpu')
net = torchvision.models.resnet18(num_classes=2)
net.load_state_dict({k: v.float() for k, v in state.items()})
net.eval()
saved = {}
def keep(name):
    def hook(_module, _inputs, output):
        output.retain_grad(); saved[name] = output
    return hook
for name in ('layer2', 'layer3', 'layer4'): getattr(net, name).register_forward_hook(keep(name))
def hit(cam, stride, size, boxes):
    ys, xs = np.nonzero(cam >= cam.max())
    px = (stride * xs.mean() + 0.5) * size / 224 - 0.5; py = (stride * ys.mean() + 0.5) * size / 224 - 0.5
    return any(b[0] <= px <= b[2] and b[1] <= py <= b[3] for b in boxes)
tally, cases = {}, []
for path in sorted(glob.glob(dump + '/*_input.npy')):
    base = os.path.basename(path)[:-len('_input.npy')]
    sidecar = json.load(open(os.path.join(data, base + '.json')))
    if sidecar['label'] != 'PNEUMONIA' or not sidecar['lesions']: continue
    size = int(pydicom.dcmread(os.path.join(data, base + '.dcm'), stop_before_pixels=True).Rows)
    boxes = sidecar['lesions']; cases.append([[c / size for c in b] for b in boxes])
    net.zero_grad()
    logits = net(torch.from_numpy(np.load(path)).float())
    (logits[0, 1] - logits[0, 0]).backward()
    for name, stride in (('layer2', 8), ('layer3', 16), ('layer4', 32)):
        a = saved[name][0].detach(); g = saved[name].grad[0]
        maps = {'Grad-CAM': torch.relu((g.mean((1, 2))[:, None, None] * a).sum(0)),
                'HiResCAM': torch.relu((g * a).sum(0)), 'LayerCAM': (torch.relu(g) * a).sum(0)}
        for method, cam in maps.items():
            r = tally.setdefault((name, method), [0, 0]); r[0] += hit(cam.numpy(), stride, size, boxes); r[1] += 1
for (name, method), (h, n) in sorted(tally.items()):
    print('%-7s %-9s pointing game %3d / %3d = %.3f' % (name, method, h, n, h / n))
grid = np.linspace(0, 1, 101)
best = max((sum(any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in bs) for bs in cases), x, y)
           for y in grid for x in grid)
print('chance level: the best fixed point in hindsight (%.2f, %.2f of the image) hits %d / %d = %.3f'
      % (best[1], best[2], best[0], len(cases), best[0] / len(cases)))
