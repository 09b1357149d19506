import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * {@code java .ci/ScreenshotCheck.java shot.png [min-colours] [min-ink-percent]}: fails (exit 1)
 * when a browser screenshot is blank or nearly so: fewer distinct colours than min-colours
 * (default 32), or fewer pixels that are not near-white than min-ink-percent (default 6).
 * Run by .ci/report-check as a single-file program (JDK 11+), so it needs no build.
 */
public class ScreenshotCheck {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java ScreenshotCheck.java shot.png [min-colours] [min-ink-percent]");
            System.exit(2);
        }
        int minColours = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        double minInk = args.length > 2 ? Double.parseDouble(args[2]) : 6.0;
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            System.err.println(args[0] + ": not an image ImageIO can read");
            System.exit(1);
        }
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r < 235 || g < 235 || b < 235) ink++;
            }
        }
        double inkPercent = 100.0 * ink / ((long) image.getWidth() * image.getHeight());
        String verdict = String.format("%s: %dx%d, %d distinct colours (at least %d), %.1f%% ink (at least %.1f%%)",
                args[0], image.getWidth(), image.getHeight(), colours.size(), minColours, inkPercent, minInk);
        if (colours.size() < minColours || inkPercent < minInk) {
            System.err.println(verdict + ": blank");
            System.exit(1);
        }
        System.out.println(verdict);
    }
}
