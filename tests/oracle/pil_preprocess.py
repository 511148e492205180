#!/usr/bin/python3
"""The training recipe's preprocessing, as torchvision does it on a PIL image: Resize((224, 224)),
three identical channels, ToTensor, ImageNet Normalize. Reads an 8-bit PNG, writes a 1x3x224x224
float32 .npy.

usage: pil_preprocess.py IN.png OUT.npy
"""
import sys

import numpy as np
from PIL import Image
from torchvision import transforms

recipe = transforms.Compose([
    transforms.Resize((224, 224)),
    transforms.Grayscale(num_output_channels=3),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])
image = Image.open(sys.argv[1]).convert("L")
np.save(sys.argv[2], recipe(image).unsqueeze(0).numpy().astype(np.float32))
