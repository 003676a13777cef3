import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the PWA icons (a white cross on the state blue). Run once, the PNGs are committed:
 * {@code java -Djava.awt.headless=true web-pwa/src/build/IconGenerator.java web-pwa/src/main/resources/pwa/icons}
 * Maskable icons are full-bleed with the cross inside the central safe zone (a circle of 80% of the width).
 */
public class IconGenerator {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        for (int size : new int[] {192, 512}) {
            ImageIO.write(draw(size, false), "png", new File(dir, "icon-" + size + ".png"));
            ImageIO.write(draw(size, true), "png", new File(dir, "icon-maskable-" + size + ".png"));
        }
    }

    static BufferedImage draw(int size, boolean maskable) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x00, 0x00, 0x91));
        if (maskable) {
            g.fillRect(0, 0, size, size);
        } else {
            double r = size * 0.18;
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, r, r));
        }
        double cross = maskable ? size * 0.44 : size * 0.62;
        double arm = cross / 3;
        double c = size / 2.0;
        g.setColor(Color.WHITE);
        double rr = arm * 0.35;
        g.fill(new RoundRectangle2D.Double(c - arm / 2, c - cross / 2, arm, cross, rr, rr));
        g.fill(new RoundRectangle2D.Double(c - cross / 2, c - arm / 2, cross, arm, rr, rr));
        g.setColor(new Color(0xE1, 0x00, 0x0F));
        double dot = arm * 0.55;
        g.fill(new java.awt.geom.Ellipse2D.Double(c - dot / 2, c - dot / 2, dot, dot));
        g.dispose();
        return img;
    }
}
