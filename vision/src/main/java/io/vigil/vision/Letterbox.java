package io.vigil.vision;

/**
 * Where an image lies in the network input after an aspect-preserving resize centred on padding,
 * and the way back from input pixels to image pixels.
 */
record Letterbox(double scale, int padX, int padY, int resizedWidth, int resizedHeight, int imageWidth, int imageHeight) {

    static Letterbox fit(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        double scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
        int w = Math.max(1, Math.min(inputWidth, (int) Math.round(imageWidth * scale)));
        int h = Math.max(1, Math.min(inputHeight, (int) Math.round(imageHeight * scale)));
        return new Letterbox(scale, (inputWidth - w) / 2, (inputHeight - h) / 2, w, h, imageWidth, imageHeight);
    }

    /** A box [x1, y1, x2, y2] in input pixels → image pixels, clipped to the image. */
    double[] toImage(double x1, double y1, double x2, double y2) {
        // The resize maps image width exactly onto resizedWidth, so use its exact ratio per axis.
        double sx = (double) resizedWidth / imageWidth;
        double sy = (double) resizedHeight / imageHeight;
        return new double[] {
            clamp((x1 - padX) / sx, imageWidth), clamp((y1 - padY) / sy, imageHeight),
            clamp((x2 - padX) / sx, imageWidth), clamp((y2 - padY) / sy, imageHeight)};
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
