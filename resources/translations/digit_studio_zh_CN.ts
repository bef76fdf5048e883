<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Digit Studio</source>
        <extracomment>What Digit Studio is built on, and under which licence each part comes.</extracomment>
        <translation>关于 Digit Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Digit Studio %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Digit Studio %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Draw a digit and see what a neural network reads; train that network from the same window.</source>
        <translation>写一个数字，看神经网络把它认成什么；在同一个窗口里训练这个网络。</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Your models, checkpoints and settings are kept in:&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;</source>
        <translation>你的模型、检查点和设置保存在：&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>&amp;Open Data Folder</source>
        <translation>打开数据文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Show the data folder in the file manager</source>
        <translation>在文件管理器中显示数据文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;Built on&lt;/b&gt;</source>
        <translation>&lt;b&gt;所用软件&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ClassAccuracyBars</name>
    <message>
        <source>Per-class accuracy</source>
        <translation>各数字的准确率</translation>
    </message>
</context>
<context>
    <name>ColorSchemeMenu</name>
    <message>
        <source>&amp;System</source>
        <extracomment>The choices, as stored, with their menu text.</extracomment>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Colour Scheme</source>
        <translation>配色方案(&amp;C)</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Compare Models</source>
        <extracomment>The comparison is on screen: a core Comparison.</extracomment>
        <translation>比较模型</translation>
    </message>
    <message>
        <source>The drawing on the canvas cannot be read: %1</source>
        <translation>无法识别画布上的内容：%1</translation>
    </message>
    <message>
        <source>Com&amp;pare</source>
        <translation>比较(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;First:</source>
        <translation>第一个(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Second:</source>
        <translation>第二个(&amp;S)：</translation>
    </message>
    <message>
        <source>Accuracy per digit (first in colour, second in grey)</source>
        <translation>各数字的准确率（第一个为彩色，第二个为灰色）</translation>
    </message>
    <message>
        <source>Confusion matrix, second minus first (green: the second does better)</source>
        <translation>混淆矩阵，第二个减第一个（绿色：第二个更好）</translation>
    </message>
    <message>
        <source>There is only one model: train or import another to compare them.</source>
        <translation>只有一个模型：请再训练或导入一个模型后再比较。</translation>
    </message>
    <message>
        <source>Reading the test images with both models…</source>
        <translation>正在用两个模型识别测试图像…</translation>
    </message>
    <message>
        <source>Draw on the canvas to see both models read it.</source>
        <translation>在画布上写一个数字，看看两个模型分别怎么识别。</translation>
    </message>
    <message>
        <source>The drawing on the canvas: the first reads %1, the second %2.</source>
        <translation>画布上的内容：第一个识别为 %1，第二个识别为 %2。</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>无法比较：%1</translation>
    </message>
    <message>
        <source>First, %1: %2. Second, %3: %4. They read %5 test images differently: the first is right on %6 of them, the second on %7.</source>
        <translation>第一个，%1：%2。第二个，%3：%4。两者对 %5 张测试图像的识别不同：其中第一个对了 %6 张，第二个对了 %7 张。</translation>
    </message>
    <message>
        <source>Test image #%1, %2: the first reads %3 (%4), the second %5 (%6)</source>
        <translation>测试图像 #%1，%2：第一个识别为 %3（%4），第二个识别为 %5（%6）</translation>
    </message>
    <message>
        <source>%1 test images they read differently (first | second), surest first:</source>
        <translation>两者识别不同的 %1 张测试图像（第一个 | 第二个），最有把握的在前：</translation>
    </message>
</context>
<context>
    <name>ConfusionModel</name>
    <message>
        <source>True %1, read as %2: %3 images (second model minus first)</source>
        <extracomment>Shade = share ** gamma: a few mistakes among a thousand (0.5%) still show as a tint (12%), while the order of shades stays the order of shares. Where the text switches to the highlighted-text colour (share of the highlight in the mix).</extracomment>
        <translation>真实为 %1，识别为 %2：%3 张图像（第二个模型减第一个）</translation>
    </message>
    <message>
        <source>%3 images of the digit %1 read right (%4 of the %1s)</source>
        <translation>数字 %1 识别正确 %3 张（占全部 %1 的 %4）</translation>
    </message>
    <message>
        <source>%3 images of the digit %1 read as %2 (%4 of the %1s)</source>
        <translation>数字 %1 被识别为 %2 的有 %3 张（占全部 %1 的 %4）</translation>
    </message>
    <message>
        <source>True digit %1</source>
        <translation>真实数字 %1</translation>
    </message>
    <message>
        <source>Read as %1</source>
        <translation>识别为 %1</translation>
    </message>
    <message>
        <source>The digit the model read</source>
        <translation>模型识别出的数字</translation>
    </message>
    <message>
        <source>The true digit</source>
        <translation>真实数字</translation>
    </message>
</context>
<context>
    <name>CorrectionBar</name>
    <message>
        <source>Wrong? It is …</source>
        <extracomment>The user says the drawing is this digit (a correction, or a confirmed reading).</extracomment>
        <translation>识别错了？它是…</translation>
    </message>
    <message>
        <source>It is a {digit}</source>
        <translation>它是 {digit}</translation>
    </message>
    <message>
        <source>Keep this drawing as a {digit} in My handwriting (key {digit} on the canvas)</source>
        <translation>把这个笔迹作为 {digit} 保存到“我的笔迹”（在画布上按 {digit} 键）</translation>
    </message>
    <message>
        <source>Right: keep it as a {digit}</source>
        <translation>正确：保存为 {digit}</translation>
    </message>
    <message>
        <source>Right: keep it</source>
        <translation>正确：保存</translation>
    </message>
    <message>
        <source>Draw one digit at a time to keep it as a sample.</source>
        <translation>每次只写一个数字，才能保存为样本。</translation>
    </message>
</context>
<context>
    <name>DataError</name>
    <message>
        <source>cannot unpack MNIST into {folder}: {detail}</source>
        <translation>无法将 MNIST 解压到 {folder}：{detail}</translation>
    </message>
    <message>
        <source>MNIST is not bundled with this installation and downloading it failed ({detail}). Connect to the internet once, or copy the four MNIST files into {folder}.</source>
        <translation>此安装未附带 MNIST，下载也失败了（{detail}）。请联网一次，或将四个 MNIST 文件复制到 {folder}。</translation>
    </message>
    <message>
        <source>cannot read {path}: {detail}</source>
        <extracomment>IDX type code for unsigned bytes, the only type MNIST uses.</extracomment>
        <translation>无法读取 {path}：{detail}</translation>
    </message>
    <message>
        <source>{path} is not an MNIST (IDX) file of bytes</source>
        <translation>{path} 不是字节型的 MNIST（IDX）文件</translation>
    </message>
    <message>
        <source>{path} is cut short: its header is incomplete</source>
        <translation>{path} 不完整：文件头残缺</translation>
    </message>
    <message>
        <source>{path} is damaged: it holds {size:,} bytes of data, its header promises {expected:,}</source>
        <translation>{path} 已损坏：其中有 {size:,} 字节数据，而文件头声明为 {expected:,} 字节</translation>
    </message>
    <message>
        <source>the files hold arrays of shape {images} and {labels}, not 28x28 images and their labels</source>
        <translation>文件中是形状为 {images} 和 {labels} 的数组，而不是 28x28 的图像及其标签</translation>
    </message>
    <message>
        <source>{images:,} images do not match {labels:,} labels from 0 to 9</source>
        <translation>{images:,} 张图像与 {labels:,} 个 0 到 9 的标签对不上</translation>
    </message>
    <message>
        <source>{path} is damaged: its bytes differ from the MNIST file of that name</source>
        <translation>{path} 已损坏：其内容与同名的 MNIST 文件不同</translation>
    </message>
    <message>
        <source>MNIST files in {folder} are missing or damaged: {problem}. Delete the folder to have them unpacked again.</source>
        <translation>{folder} 中的 MNIST 文件缺失或已损坏：{problem}。删除该文件夹即可重新解压。</translation>
    </message>
    <message>
        <source>cannot read the pen digits in {path}: {detail}</source>
        <extracomment>How many digits the shipped file holds (what the settings dialog counts before anything is read). Each pen digit is in an epoch this many times (each copy augmented differently): 15k beside MNIST&apos;s 48k. Twice read writers held out better than once, 1s above all, at the same MNIST accuracy (benchmarks/bench_pen_writers.py; README, &quot;Real pen digits&quot;).</extracomment>
        <translation>无法读取 {path} 中的笔写数字：{detail}</translation>
    </message>
    <message>
        <source>{path} is damaged: {problem}</source>
        <translation>{path} 已损坏：{problem}</translation>
    </message>
</context>
<context>
    <name>DataFolderError</name>
    <message>
        <source>the data folder {folder} cannot be used: {reason}. Free it, or set {variable} to a folder you can write to</source>
        <extracomment>Overrides the user data folder (tests and portable installs).</extracomment>
        <translation>无法使用数据文件夹 {folder}：{reason}。请腾出该位置，或将 {variable} 设为一个可写的文件夹</translation>
    </message>
</context>
<context>
    <name>DeviceError</name>
    <message>
        <source>{error}.</source>
        <translation>{error}。</translation>
    </message>
    <message>
        <source>device &apos;mps&apos; is not available on this machine (no Apple GPU support)</source>
        <translation>本机没有设备 &apos;mps&apos;（不支持 Apple GPU）</translation>
    </message>
    <message>
        <source>invalid device {choice!r}: use cuda or cuda:N with N a GPU number</source>
        <translation>无效的设备 {choice!r}：请使用 cuda 或 cuda:N（N 为 GPU 编号）</translation>
    </message>
    <message>
        <source>device {choice!r} is not available: no CUDA GPU found (use cpu or auto)</source>
        <translation>设备 {choice!r} 不可用：未找到 CUDA GPU（请使用 cpu 或 auto）</translation>
    </message>
    <message>
        <source>device {choice!r} is not available: this machine has {count} CUDA GPU(s)</source>
        <translation>设备 {choice!r} 不可用：本机只有 {count} 块 CUDA GPU</translation>
    </message>
    <message>
        <source>unknown device {choice!r}: use auto, cpu, cuda, cuda:N or mps</source>
        <translation>未知设备 {choice!r}：请使用 auto、cpu、cuda、cuda:N 或 mps</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>Auto (best available)</source>
        <translation>自动（最佳可用设备）</translation>
    </message>
    <message>
        <source>this PyTorch build has no CUDA support</source>
        <translation>此 PyTorch 版本不支持 CUDA</translation>
    </message>
    <message>
        <source>no CUDA GPU or driver found</source>
        <translation>未找到 CUDA GPU 或驱动</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>MPS is not available in this PyTorch build</source>
        <translation>此 PyTorch 版本不支持 MPS</translation>
    </message>
    <message>
        <source>CPU (%n thread(s))</source>
        <translation>CPU（%n 个线程）</translation>
    </message>
    <message>
        <source>{device}, bfloat16 mixed precision</source>
        <translation>{device}，bfloat16 混合精度</translation>
    </message>
</context>
<context>
    <name>DigitGallery</name>
    <message>
        <source>Double click an image to read it on the canvas</source>
        <extracomment>The role holding an item&apos;s index in the image array. The index (in the image array) of the image the user activated.</extracomment>
        <translation>双击图像即可在画布上识别它</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Drawing area: draw one digit with the mouse, a pen or a finger</source>
        <extracomment>Pen widths the user can choose, in logical pixels. The finished content changed: a stroke ended, undo, redo, clear, or an image was shown. The stroke being drawn got new points. A local file was dropped on the canvas (its path); the image controller loads and checks it. Image data (not a file) was dropped, e.g. from a browser. Something was dropped that cannot be used; the text says why, for the user.</extracomment>
        <translation>绘图区：用鼠标、触控笔或手指写一个数字</translation>
    </message>
    <message>
        <source>Draw a digit here
or drop an image</source>
        <translation>在这里写一个数字
或拖入一张图片</translation>
    </message>
    <message>
        <source>cannot open {url}: only files on this computer can be dropped</source>
        <translation>无法打开 {url}：只能拖入本机上的文件</translation>
    </message>
    <message>
        <source>the dropped item holds no image</source>
        <translation>拖入的内容不包含图片</translation>
    </message>
    <message>
        <source>Draw stroke</source>
        <translation>画笔画</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Show {name}</source>
        <translation>显示 {name}</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>the digit %1</source>
        <extracomment>How many images each hardest-examples list shows.</extracomment>
        <translation>数字 %1</translation>
    </message>
    <message>
        <source>test image #%1 (%2)</source>
        <translation>测试图像 #%1（%2）</translation>
    </message>
    <message>
        <source>Test image #%1: the digit %2, read right (%3 sure). Double click to read it on the canvas</source>
        <translation>测试图像 #%1：%2，识别正确（置信度 %3）。双击可在画布上识别它</translation>
    </message>
    <message>
        <source>Test image #%1: the digit %2, read as %4 (%3 sure). Double click to read it on the canvas</source>
        <translation>测试图像 #%1：%2，识别为 %4（置信度 %3）。双击可在画布上识别它</translation>
    </message>
    <message>
        <source>Evaluate Model</source>
        <extracomment>A test image to read on the canvas: its 28x28 uint8 pixels (white on black) and a name. The report is on screen (after computing or from the cache).</extracomment>
        <translation>评估模型</translation>
    </message>
    <message>
        <source>%v of %m test images</source>
        <translation>%v / %m 张测试图像</translation>
    </message>
    <message>
        <source>Select a cell of the matrix to see its images.</source>
        <translation>选择矩阵中的一格，查看其中的图像。</translation>
    </message>
    <message>
        <source>Accuracy per digit</source>
        <translation>各数字的准确率</translation>
    </message>
    <message>
        <source>Confusion matrix: rows are the true digits, columns what the model read; select a cell</source>
        <translation>混淆矩阵：行是真实数字，列是模型的识别结果；请选择一格</translation>
    </message>
    <message>
        <source>Most confident mistakes</source>
        <translation>最有把握的错误</translation>
    </message>
    <message>
        <source>Least confident correct readings</source>
        <translation>最没把握的正确识别</translation>
    </message>
    <message>
        <source>Selected cell</source>
        <translation>所选的格</translation>
    </message>
    <message>
        <source>Hardest examples</source>
        <translation>最难的样例</translation>
    </message>
    <message>
        <source>Evaluate Model: %1</source>
        <translation>评估模型：%1</translation>
    </message>
    <message>
        <source>Reading the 10,000 test images with %1…</source>
        <translation>正在用 %1 识别 10,000 张测试图像…</translation>
    </message>
    <message>
        <source>Cannot evaluate %1: %2</source>
        <translation>无法评估 %1：%2</translation>
    </message>
    <message>
        <source>%1: test accuracy %2 (%3 of %4 test images read right).</source>
        <translation>%1：测试准确率 %2（%4 张测试图像中识别正确 %3 张）。</translation>
    </message>
    <message>
        <source>%1 images of the digit %2, read right, most confident first:</source>
        <translation>数字 %2 识别正确的 %1 张图像，最有把握的在前：</translation>
    </message>
    <message>
        <source>%1 images of the digit %2, read as %3, most confident first:</source>
        <translation>数字 %2 被识别为 %3 的 %1 张图像，最有把握的在前：</translation>
    </message>
</context>
<context>
    <name>FineTune</name>
    <message>
        <source>{path} is the model the fine-tune starts from; write the new model to another file (the base model is never overwritten)</source>
        <extracomment>Share of each digit&apos;s samples held out to judge the new model (at least one where a digit has two). The user&apos;s training samples are repeated (each copy augmented differently) up to this many per epoch. MNIST images replayed per epoch, as many as the user&apos;s (at least this many). The most MNIST accuracy (a fraction) a recommended model may lose. Epochs of the default recipe; a large sample set gets fewer, so a run sees about the same number of images. Mean loss on the held-out samples: &quot;better&quot; is a higher accuracy, or the same and a lower loss (a user whose held-out samples are all read right already can still be read more surely).</extracomment>
        <translation>{path} 是这次微调的起点模型；请把新模型写到另一个文件（起点模型从不会被覆盖）</translation>
    </message>
    <message>
        <source>{path} is a folder; --out names the weights file to write</source>
        <translation>{path} 是文件夹；--out 指定要写入的权重文件</translation>
    </message>
</context>
<context>
    <name>FirstRunHint</name>
    <message>
        <source>Getting started</source>
        <extracomment>Below this width &quot;Got it&quot; goes under the text: beside it, on a canvas squeezed by the training panel, the text would wrap into a column of two or three words a line.</extracomment>
        <translation>入门</translation>
    </message>
    <message>
        <source>&lt;b&gt;Draw a digit&lt;/b&gt; with the mouse, a pen or a finger: the network reads it as you draw. Write several digits for a number. Train your own network with Training ▸ Start (Ctrl+T); Help ▸ Keyboard Shortcuts (F1) lists the keys.</source>
        <translation>用鼠标、手写笔或手指&lt;b&gt;写一个数字&lt;/b&gt;：边写边识别。写几个数字就能识别一个多位数。用“训练 ▸ 开始训练”（Ctrl+T）训练你自己的网络；“帮助 ▸ 键盘快捷键”（F1）列出所有按键。</translation>
    </message>
    <message>
        <source>&amp;Got it</source>
        <translation>知道了(&amp;G)</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Link Axis:</source>
        <translation>关联轴：</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Links this axis with another view. When linked, both views will display the same data range.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;将此轴与另一个视图关联。关联后，两个视图显示相同的数据范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Percent of data to be visible when auto-scaling. It may be useful to decrease this value for data with spiky noise.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;自动缩放时可见数据的百分比。数据有尖峰噪声时，调低此值可能有用。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Automatically resize this axis whenever the displayed data is changed.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;显示的数据变化时自动调整此轴的范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Set the range for this axis manually. This disables automatic scaling. &lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;手动设置此轴的范围，并关闭自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Minimum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此轴显示的最小值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Maximum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此轴显示的最大值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Inverts the display of this axis. (+y points downward instead of upward)&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;反转此轴的方向（+y 朝下而不是朝上）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Invert Axis</source>
        <translation>反转轴</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Enables mouse interaction (panning, scaling) for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;允许用鼠标平移、缩放此轴。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Mouse Enabled</source>
        <translation>启用鼠标</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will only auto-scale to data that is visible along the orthogonal axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾选后，此轴只按另一轴方向上可见的数据自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Visible Data Only</source>
        <translation>仅可见数据</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will automatically pan to center on the current data, but the scale along this axis will not change.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾选后，此轴自动平移使当前数据居中，但不改变缩放比例。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Auto Pan Only</source>
        <translation>仅自动平移</translation>
    </message>
    <message>
        <source>Display averages of the curves displayed in this plot. The parameter list allows you to choose parameters to average over (if any are available).</source>
        <translation>显示此图中各曲线的平均值。可在参数列表中选择按哪些参数求平均（如果有）。</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Plot only the portion of each curve that is visible. This assumes X values are uniformly spaced.</source>
        <translation>只绘制每条曲线的可见部分（假定 X 值等间距）。</translation>
    </message>
    <message>
        <source>Clip to View</source>
        <translation>裁剪到视图</translation>
    </message>
    <message>
        <source>If multiple curves are displayed in this plot, check this box to limit the number of traces that are displayed.</source>
        <translation>此图显示多条曲线时，勾选此项可限制显示的曲线数量。</translation>
    </message>
    <message>
        <source>Max Traces:</source>
        <translation>最多曲线数：</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>降采样</translation>
    </message>
    <message>
        <source>Downsample by drawing a saw wave that follows the min and max of the original data. This method produces the best visual representation of the data but is slower.</source>
        <translation>按原始数据的最小值和最大值绘制锯齿波来降采样。显示效果最好，但较慢。</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>If multiple curves are displayed in this plot, check &quot;Max Traces&quot; and set this value to limit the number of traces that are displayed.</source>
        <translation>此图显示多条曲线时，勾选“最多曲线数”并设置此值，可限制显示的曲线数量。</translation>
    </message>
    <message>
        <source>If MaxTraces is checked, remove curves from memory after they are hidden (saves memory, but traces can not be un-hidden).</source>
        <translation>勾选“最多曲线数”时，曲线隐藏后即从内存中移除（节省内存，但无法再显示）。</translation>
    </message>
    <message>
        <source>Forget hidden traces</source>
        <translation>丢弃隐藏的曲线</translation>
    </message>
    <message>
        <source>Downsample by taking the mean of N samples.</source>
        <translation>取每 N 个样本的平均值来降采样。</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Downsample by taking the first of N samples. This method is fastest and least accurate.</source>
        <translation>取每 N 个样本中的第一个来降采样。最快，但最不准确。</translation>
    </message>
    <message>
        <source>Subsample</source>
        <translation>抽样</translation>
    </message>
    <message>
        <source>Automatically downsample data based on the visible range. This assumes X values are uniformly spaced.</source>
        <translation>根据可见范围自动降采样（假定 X 值等间距）。</translation>
    </message>
    <message>
        <source>Downsample data before plotting. (plot every Nth sample)</source>
        <translation>绘图前先降采样（每 N 个样本画一个）。</translation>
    </message>
    <message>
        <source>Log X</source>
        <translation>X 对数坐标</translation>
    </message>
    <message>
        <source>Y vs. Y&apos;</source>
        <translation>Y 对 Y&apos;</translation>
    </message>
    <message>
        <source>Power Spectrum (FFT)</source>
        <translation>功率谱（FFT）</translation>
    </message>
    <message>
        <source>Log Y</source>
        <translation>Y 对数坐标</translation>
    </message>
    <message>
        <source>Subtract Mean</source>
        <translation>减去均值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>数据点</translation>
    </message>
    <message>
        <source>Show X Grid</source>
        <translation>显示 X 网格</translation>
    </message>
    <message>
        <source>Show Y Grid</source>
        <translation>显示 Y 网格</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Item to export:</source>
        <translation>要导出的项目：</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export options</source>
        <translation>导出选项</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>HandwritingController</name>
    <message>
        <source>My handwriting</source>
        <extracomment>How many times the guided mode asks for each digit. A sample was kept (a Sample).</extracomment>
        <translation>我的笔迹</translation>
    </message>
    <message>
        <source>My &amp;Handwriting</source>
        <translation>我的笔迹(&amp;H)</translation>
    </message>
    <message>
        <source>Draw a digit first, then say which it is.</source>
        <translation>请先写一个数字，再说明它是几。</translation>
    </message>
    <message>
        <source>Draw one digit at a time to keep it as a sample.</source>
        <translation>每次只写一个数字，才能保存为样本。</translation>
    </message>
    <message>
        <source>Kept as a {digit} ({count} samples of {digit}).</source>
        <translation>已保存为 {digit}（{digit} 共有 {count} 个样本）。</translation>
    </message>
    <message>
        <source>Some sample files cannot be read and were left as they are: {problem}</source>
        <translation>有些样本文件无法读取，已原样保留：{problem}</translation>
    </message>
    <message>
        <source>Exported {count} samples to {path}</source>
        <translation>已导出 {count} 个样本到 {path}</translation>
    </message>
    <message>
        <source>Imported {count} new samples</source>
        <translation>已导入 {count} 个新样本</translation>
    </message>
    <message>
        <source>The training panel is still loading; try again in a moment.</source>
        <translation>训练面板仍在加载，请稍后再试。</translation>
    </message>
    <message>
        <source>A training run is in progress; stop it or wait for it to finish.</source>
        <translation>正在训练：请先停止，或等它结束。</translation>
    </message>
    <message>
        <source>No digit found in the picture: nothing to keep.</source>
        <translation>图片中没有找到数字：没有可保存的内容。</translation>
    </message>
    <message>
        <source>Write a {digit} ({done} of {repeats}), then press Enter.</source>
        <translation>请写一个 {digit}（第 {done}/{repeats} 个），然后按 Enter。</translation>
    </message>
    <message>
        <source>Import samples</source>
        <translation>导入样本</translation>
    </message>
    <message>
        <source>Export samples</source>
        <translation>导出样本</translation>
    </message>
</context>
<context>
    <name>HandwritingView</name>
    <message>
        <source>Guided mode</source>
        <translation>引导模式</translation>
    </message>
    <message>
        <source>Asks for each digit in turn, five times each</source>
        <translation>依次请你写每个数字，每个写五次</translation>
    </message>
    <message>
        <source>Keep (Enter)</source>
        <translation>保存（Enter）</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Your samples</source>
        <translation>你的样本</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>重新标注为</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Train on my handwriting</source>
        <translation>用我的笔迹训练</translation>
    </message>
    <message>
        <source>Fine-tune the model in use on your samples, mixed with MNIST; the result is a new model, judged before you use it</source>
        <translation>用你的样本（混合 MNIST）微调当前模型；结果是一个新模型，使用前会先评估</translation>
    </message>
    <message>
        <source>All ({count})</source>
        <translation>全部（{count}）</translation>
    </message>
    <message>
        <source>{count} samples of your handwriting.</source>
        <translation>你的笔迹共 {count} 个样本。</translation>
    </message>
    <message>
        <source>None yet of: {digits}.</source>
        <translation>还没有这些数字的样本：{digits}。</translation>
    </message>
    <message>
        <source>No samples yet: correct a reading under the prediction, or start the guided mode.</source>
        <translation>还没有样本：在预测结果下方纠正识别，或开始引导模式。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Training Chart: %1</source>
        <translation>训练曲线：%1</translation>
    </message>
    <message>
        <source>%1: %2 batches, %3 epochs.</source>
        <translation>%1：%2 批，%3 轮。</translation>
    </message>
</context>
<context>
    <name>ImageController</name>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <extracomment>Image file types offered by &quot;Open image…&quot; (any format Pillow reads is accepted when dropped). A picture replaced the drawing: its name (file name, &quot;clipboard image&quot;, &quot;dropped image&quot;). An image file was opened and shown: its path (for File ▸ Recent Images). The drawing was saved: the file&apos;s path. A picture could not be used or the drawing not saved: one line, for the user.</extracomment>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>clipboard image</source>
        <translation>剪贴板图片</translation>
    </message>
    <message>
        <source>Nothing to paste: the clipboard holds no image or image file</source>
        <translation>没有可粘贴的内容：剪贴板中没有图片或图片文件</translation>
    </message>
    <message>
        <source>Cannot save the drawing to &apos;{path}&apos;: the file cannot be written</source>
        <translation>无法将绘图保存到“{path}”：无法写入该文件</translation>
    </message>
    <message>
        <source>Save Drawing</source>
        <translation>保存绘图</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot load image &apos;{name}&apos;: the image data cannot be read</source>
        <translation>无法加载图片“{name}”：无法读取图片数据</translation>
    </message>
    <message>
        <source>Cannot load image &apos;{name}&apos;: the image is too large ({width}x{height})</source>
        <translation>无法加载图片“{name}”：图片太大（{width}x{height}）</translation>
    </message>
    <message>
        <source>dropped image</source>
        <translation>拖入的图片</translation>
    </message>
</context>
<context>
    <name>ImageLoadError</name>
    <message>
        <source>file not found</source>
        <extracomment>Side of the square image the network reads. Longer side of the digit&apos;s bounding box inside that image, as in MNIST. Stroke width, in model-input pixels, at which vector strokes are rendered, chosen so that rendered digits carry as much ink as MNIST&apos;s. Measured on the real files (the bundled gzip IDX files in resources/mnist/): MNIST train has mean pixel 0.1307, a mean ink sum (sum of pixels / 255) of 102.4 per image (median 99.9, 10th-90th percentile 60-147), 13.2 % of pixels above 0.5 and 19.1 % non-zero. Rendering all 7,494 real pen trajectories of pendigits-orig.tra with strokes_to_model_input gives a mean ink sum of 83.9 at width 2.0, 92.9 at 2.25, 101.8 at 2.5, 110.1 at 2.75 and 118.0 at 3.0. At 2.5: mean pixel 0.130, 13.4 % of pixels above 0.5, 18.3 % non-zero (median ink sum 101.1, 10th-90th percentile 78-127): as close to MNIST as a pen of one width gets. Images with more pixels than this are refused before they are decoded: a 40-megapixel photo is already larger than any camera digit needs, and decoding a bigger one could exhaust memory.</extracomment>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>it is a directory, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>文件为空（0 字节）</translation>
    </message>
    <message>
        <source>cannot load image &apos;{name}&apos;: {reason}</source>
        <translation>无法加载图片“{name}”：{reason}</translation>
    </message>
    <message>
        <source>no data (0 bytes)</source>
        <translation>没有数据（0 字节）</translation>
    </message>
    <message>
        <source>the image is too large ({detail})</source>
        <translation>图片太大（{detail}）</translation>
    </message>
    <message>
        <source>not an image, or an unsupported image format</source>
        <translation>不是图片，或图片格式不受支持</translation>
    </message>
    <message>
        <source>broken or truncated image data ({detail})</source>
        <translation>图片数据损坏或不完整（{detail}）</translation>
    </message>
    <message>
        <source>the image is too large ({width}x{height} = {megapixels:.0f} megapixels; the limit is {limit:.0f})</source>
        <translation>图片太大（{width}x{height} = {megapixels:.0f} 百万像素；上限为 {limit:.0f}）</translation>
    </message>
    <message>
        <source>the image has no pixels ({width}x{height})</source>
        <translation>图片没有像素（{width}x{height}）</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>The environment variable that chooses the language over everything else. Where View &gt; Language keeps its choice in the app&apos;s settings file. The languages the app speaks, each named in itself (the menu shows these names in any language). CJK fonts that read well on screen, best first; the first one the platform has is used for Chinese. The catalogues :func:`install` loaded (``qtbase_zh_CN``, ``digit_studio_zh_CN``), for the self-test. A language was chosen (its code, or &quot;&quot; for the system&apos;s); ``notice`` tells the user when it applies.</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Saved. {variable} is set, so it still chooses the language.</source>
        <translation>已保存。但已设置 {variable}，语言仍由它决定。</translation>
    </message>
    <message>
        <source>The language changes the next time Digit Studio starts.</source>
        <translation>下次启动 Digit Studio 时切换语言。</translation>
    </message>
</context>
<context>
    <name>LockTimeout</name>
    <message>
        <source>{path}: another Digit Studio process has held this lock for over {seconds:.0f} s; close it and try again</source>
        <translation>{path}：另一个 Digit Studio 进程占用此锁已超过 {seconds:.0f} 秒；请关闭它后重试</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <source>training loss per batch</source>
        <extracomment>Redraws per second at most, while points keep arriving. Drawing holds the GIL (PySide does not release it while painting), so each frame also pauses the training thread&apos;s Python code: 5 Hz looks live and costs the run little. (pyqtgraph&apos;s grid is left off for the same reason: its semi-transparent lines made each frame of this chart several times dearer, measured offscreen at the window size of benchmarks/bench_training_ui.py.) The smoothing weight&apos;s range and precision, as in TensorBoard (a weight of 1 would ignore every new loss). Head room above the smoothed curve&apos;s highest point when the y range is fitted. The share of the smoothed curve the fitted y range shows in full (the highest 2 % may be cut). The empty chart&apos;s y range: up to chance level (ln 10 = 2.3) for ten classes. The smallest loss a log-scale axis shows (a loss of 0 has no logarithm).</extracomment>
        <translation>每批训练损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Training loss chart</source>
        <translation>训练损失曲线图</translation>
    </message>
    <message>
        <source>Loss smoothing</source>
        <translation>损失平滑</translation>
    </message>
    <message>
        <source>Exponential moving average of the batch loss, as in TensorBoard</source>
        <translation>批损失的指数移动平均（与 TensorBoard 相同）</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>对数坐标(&amp;L)</translation>
    </message>
    <message>
        <source>Loss on a logarithmic scale</source>
        <translation>以对数坐标显示损失</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis, where small late gains stay visible</source>
        <translation>在对数坐标轴上显示损失，后期的微小下降也看得清</translation>
    </message>
    <message>
        <source>&amp;Smoothing</source>
        <translation>平滑(&amp;S)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>val acc.</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>继续</translation>
    </message>
    <message numerus="yes">
        <source>epoch %n</source>
        <translation>
            <numerusform>第 %n 轮</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Drawing canvas</source>
        <extracomment>What a screen reader says for the window&apos;s parts (the views name themselves after their object names, which tests and automation use; people hear words).</extracomment>
        <translation>画布</translation>
    </message>
    <message>
        <source>Predicted digit</source>
        <translation>预测的数字</translation>
    </message>
    <message>
        <source>Prediction confidence</source>
        <translation>预测置信度</translation>
    </message>
    <message>
        <source>Probability of each digit</source>
        <translation>每个数字的概率</translation>
    </message>
    <message>
        <source>What the network sees</source>
        <translation>网络看到的图像</translation>
    </message>
    <message>
        <source>Predicted number</source>
        <translation>预测的数</translation>
    </message>
    <message>
        <source>Weights (*.pt *.pth *.ckpt);;All files (*)</source>
        <extracomment>The Training menu&apos;s actions and the panel buttons they stand for (attributes of TrainingView). The training panel&apos;s width when it first opens: room for a 600-pixel chart, where the window has it. The prediction panel&apos;s width beside an open training panel (its bars need 220). The least width the training panel opens with: its buttons and a chart still worth reading. Splitter and dock handles and margins beside an opening training panel.</extracomment>
        <translation>权重文件 (*.pt *.pth *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot use these weights: {error}. The current model stays in use.</source>
        <extracomment>How long a message stays in the status bar besides the message bar (ms), and a passing note. The model is loaded (first time, or new weights): a ModelInfo. A prediction was put on screen: a Prediction, or None for an empty canvas.</extracomment>
        <translation>无法使用这些权重：{error}。继续使用当前模型。</translation>
    </message>
    <message>
        <source>&amp;Training Panel</source>
        <translation>训练面板(&amp;T)</translation>
    </message>
    <message>
        <source>Show or hide the training panel (Ctrl+Shift+T)</source>
        <translation>显示或隐藏训练面板（Ctrl+Shift+T）</translation>
    </message>
    <message>
        <source>Train the network and watch its loss fall, beside the canvas</source>
        <translation>在画布旁训练网络，看着损失下降</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Model in use</source>
        <translation>当前使用的模型</translation>
    </message>
    <message>
        <source>Recent &amp;Images</source>
        <translation>最近的图片(&amp;I)</translation>
    </message>
    <message>
        <source>Tool&amp;bar</source>
        <translation>工具栏(&amp;B)</translation>
    </message>
    <message>
        <source>Digit &amp;Boxes</source>
        <translation>数字框(&amp;B)</translation>
    </message>
    <message>
        <source>Some stored training settings could not be read and are back to their defaults: {names}. Check them in Training settings before the next run.</source>
        <translation>部分已保存的训练设置无法读取，已恢复为默认值：{names}。下次训练前请在“训练设置”中检查。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{message}. Choose a weights file with Model ▸ Open Weights File…</source>
        <translation>{message}。请通过“模型 ▸ 打开权重文件…”选择一个权重文件。</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>正在识别 {name}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>&amp;Resume Training</source>
        <translation>继续训练(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause Training</source>
        <translation>暂停训练(&amp;P)</translation>
    </message>
    <message>
        <source>Open Weights File</source>
        <translation>打开权重文件</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Message</source>
        <extracomment>Space between the bar and the edges of the widget it floats over, in logical pixels.</extracomment>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <source>{error}. The shipped weights are in use meanwhile</source>
        <extracomment>The messages&apos; translation context (lupdate reads ``ModelChoice.tr(...)`` as Qt&apos;s ``tr``). Written in the library once the ``trained.pt`` of a version before the library has been looked at.</extracomment>
        <translation>{error}。暂时使用自带的权重</translation>
    </message>
    <message>
        <source>These weights are in use now, but the choice could not be kept for the next launch: {error}</source>
        <translation>已在使用这些权重，但无法为下次启动保存此选择：{error}</translation>
    </message>
    <message>
        <source>The run&apos;s weights are saved at {path} but could not be kept as a model: {error}</source>
        <translation>这次训练的权重已保存在 {path}，但无法加入模型库：{error}</translation>
    </message>
    <message>
        <source>The stopped run&apos;s weights could not be kept as a model: {error}</source>
        <translation>停止的训练的权重无法保存为模型：{error}</translation>
    </message>
    <message>
        <source>Your trained weights from before the model library are kept as the model “{name}” (Model ▸ Models…)</source>
        <translation>模型库出现之前训练的权重已保存为模型“{name}”（模型 ▸ 模型…）</translation>
    </message>
    <message>
        <source>The trained weights {path} could not be kept in the model library: {error}</source>
        <translation>训练好的权重 {path} 无法保存到模型库：{error}</translation>
    </message>
    <message>
        <source> ({accuracy})</source>
        <translation>（{accuracy}）</translation>
    </message>
    <message>
        <source>Read digits with {name} ({architecture}), created {date}</source>
        <translation>用 {name}（{architecture}，创建于 {date}）识别数字</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <source>Shipped weights</source>
        <translation>自带的权重</translation>
    </message>
    <message>
        <source>Your trained weights</source>
        <translation>你训练的权重</translation>
    </message>
    <message>
        <source>test accuracy {accuracy}</source>
        <translation>测试准确率 {accuracy}</translation>
    </message>
    <message>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <source>{name} ({architecture}, {accuracy}) · {runtime}, {device}</source>
        <translation>{name}（{architecture}，{accuracy}）· {runtime}，{device}</translation>
    </message>
</context>
<context>
    <name>ModelInputPreview</name>
    <message>
        <source>The 28 by 28 pixel image the network reads</source>
        <translation>网络读取的 28×28 像素图像</translation>
    </message>
</context>
<context>
    <name>ModelLibraryError</name>
    <message>
        <source>there is no model {model_id!r}; `digit-studio models list` shows the models there are</source>
        <extracomment>The metrics of a weights file that an entry keeps as its scores. Called with the weights path of each model just added, to make its ONNX twin; None: no twin.</extracomment>
        <translation>没有模型 {model_id!r}；`digit-studio models list` 会列出现有的模型</translation>
    </message>
    <message>
        <source>the active model {label} cannot be used: {reason}. Choose another (Model menu, or `digit-studio models use shipped`)</source>
        <translation>当前模型 {label} 无法使用：{reason}。请另选一个（“模型”菜单，或 `digit-studio models use shipped`）</translation>
    </message>
    <message>
        <source>the shipped weights are part of the app and cannot be renamed</source>
        <translation>自带的权重是应用的一部分，不能重命名</translation>
    </message>
    <message>
        <source>the shipped weights are part of the app and cannot be removed</source>
        <translation>自带的权重是应用的一部分，不能删除</translation>
    </message>
    <message>
        <source>{name!r} ({model_id}) is the active model: choose another first (e.g. `digit-studio models use shipped`), then remove it</source>
        <translation>{name!r}（{model_id}）是当前模型：请先另选一个（例如 `digit-studio models use shipped`），再删除它</translation>
    </message>
    <message>
        <source>cannot remove {name!r} ({model_id}): {reason}</source>
        <translation>无法删除 {name!r}（{model_id}）：{reason}</translation>
    </message>
    <message>
        <source>{model_id!r} is not a model id; `digit-studio models list` shows the ids</source>
        <translation>{model_id!r} 不是模型 ID；`digit-studio models list` 会列出各模型的 ID</translation>
    </message>
    <message>
        <source>the model library {path} cannot be read: {reason}</source>
        <translation>无法读取模型库 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path}: the record of the active model cannot be read ({reason})</source>
        <translation>{path}：无法读取当前模型的记录（{reason}）</translation>
    </message>
    <message>
        <source>not a model library index</source>
        <translation>不是模型库的索引</translation>
    </message>
    <message>
        <source>the active model is not an id</source>
        <translation>当前模型不是一个 ID</translation>
    </message>
    <message>
        <source>the model library {path} cannot be created: {reason}</source>
        <translation>无法创建模型库 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot add {path}: {reason}</source>
        <translation>无法添加 {path}：{reason}</translation>
    </message>
    <message>
        <source>it has no {file}</source>
        <translation>缺少 {file}</translation>
    </message>
    <message>
        <source>its {file} cannot be read ({problem})</source>
        <translation>无法读取其中的 {file}（{problem}）</translation>
    </message>
    <message>
        <source>its weights file {file} is missing</source>
        <translation>缺少权重文件 {file}</translation>
    </message>
    <message>
        <source>its {file} is not a Digit Studio model entry</source>
        <translation>其中的 {file} 不是 Digit Studio 的模型记录</translation>
    </message>
    <message>
        <source>its {file} has format version {version!r}; this Digit Studio reads {readable}</source>
        <translation>其中的 {file} 格式版本为 {version!r}；此版本的 Digit Studio 读取的是 {readable}</translation>
    </message>
    <message>
        <source>its {file} names the model {model_id!r}, not its folder&apos;s name</source>
        <translation>其中的 {file} 写的模型是 {model_id!r}，与文件夹名称不符</translation>
    </message>
    <message>
        <source>its {key} is missing</source>
        <translation>缺少 {key}</translation>
    </message>
    <message>
        <source>its created time {created!r} is not an ISO 8601 time</source>
        <translation>其创建时间 {created!r} 不是 ISO 8601 时间</translation>
    </message>
    <message>
        <source>its {key} is not a table</source>
        <translation>其中的 {key} 不是表</translation>
    </message>
    <message>
        <source>its wall time {wall!r} is not a number of seconds</source>
        <translation>其用时 {wall!r} 不是秒数</translation>
    </message>
    <message>
        <source>a model&apos;s name cannot be empty</source>
        <translation>模型名称不能为空</translation>
    </message>
    <message>
        <source>a model&apos;s name must be one line of text</source>
        <translation>模型名称必须是一行文字</translation>
    </message>
    <message>
        <source>a model&apos;s name can be at most {most} characters (this one has {length})</source>
        <translation>模型名称最多 {most} 个字符（这个有 {length} 个）</translation>
    </message>
    <message>
        <source>{path}: not a usable model: {problem}; the folder was left as it is</source>
        <translation>{path}：不是可用的模型：{problem}；文件夹保持原样</translation>
    </message>
    <message>
        <source>{path}: the record of the active model is damaged ({problem}); choose the model to use again, e.g. `digit-studio models use shipped`</source>
        <translation>{path}：当前模型的记录已损坏（{problem}）；请重新选择要使用的模型，例如 `digit-studio models use shipped`</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}; what was stored is unchanged</source>
        <translation>无法写入 {path}：{reason}；已保存的内容没有改变</translation>
    </message>
</context>
<context>
    <name>ModelTools</name>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Your models: rename, delete, import, use, evaluate</source>
        <translation>你的模型：重命名、删除、导入、使用、评估</translation>
    </message>
    <message>
        <source>&amp;Evaluate Model…</source>
        <translation>评估模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Accuracy per digit, confusion matrix and mistakes of the model in use</source>
        <translation>当前模型的各数字准确率、混淆矩阵和识别错误</translation>
    </message>
    <message>
        <source>&amp;Compare Models…</source>
        <translation>比较模型(&amp;C)…</translation>
    </message>
    <message>
        <source>Two models side by side</source>
        <translation>两个模型并排比较</translation>
    </message>
    <message>
        <source>Export to &amp;ONNX…</source>
        <translation>导出为 ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>Save the model in use as an ONNX file</source>
        <translation>将当前模型保存为 ONNX 文件</translation>
    </message>
    <message>
        <source>Export to ONNX</source>
        <translation>导出为 ONNX</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Exported %1: input “%2” %3, output “%4” [batch, 10]</source>
        <translation>已导出 %1：输入“%2” %3，输出“%4” [batch, 10]</translation>
    </message>
    <message>
        <source>Cannot export to ONNX: %1</source>
        <translation>无法导出为 ONNX：%1</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <source>cannot load the model: {error}</source>
        <translation>无法加载模型：{error}</translation>
    </message>
    <message>
        <source>cannot read this input: {error}</source>
        <translation>无法识别这个输入：{error}</translation>
    </message>
</context>
<context>
    <name>ModelsTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络架构</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Pen accuracy</source>
        <translation>手写笔迹准确率</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>in use</source>
        <extracomment>A rename was refused: one line for the user.</extracomment>
        <translation>使用中</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>part of the app, read-only</source>
        <translation>应用自带，只读</translation>
    </message>
    <message>
        <source>  (in use)</source>
        <translation>  （使用中）</translation>
    </message>
    <message>
        <source>Cannot rename “%1”: %2</source>
        <translation>无法重命名“%1”：%2</translation>
    </message>
</context>
<context>
    <name>ModelsView</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;Use</source>
        <translation>使用(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Evaluate…</source>
        <translation>评估(&amp;E)…</translation>
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation>比较(&amp;O)…</translation>
    </message>
    <message>
        <source>Training &amp;chart…</source>
        <translation>训练曲线(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Export to &amp;ONNX…</source>
        <translation>导出为 ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>“%1” (%2) is no longer in the library: its folder was removed outside Digit Studio. The list shows the library as it is now.</source>
        <translation>“%1”（%2）已不在模型库中：它的文件夹在 Digit Studio 之外被删除了。列表显示的是模型库现在的内容。</translation>
    </message>
    <message>
        <source>“%1” cannot be used: %2</source>
        <translation>无法使用“%1”：%2</translation>
    </message>
    <message>
        <source>Delete Model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete “%1” and its weights file? This cannot be undone.</source>
        <translation>删除“%1”及其权重文件？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Cannot delete “%1”: %2</source>
        <translation>无法删除“%1”：%2</translation>
    </message>
    <message>
        <source>Import Weights File</source>
        <translation>导入权重文件</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Imported as “%1”.</source>
        <translation>已导入为“%1”。</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>无法导入：%1</translation>
    </message>
</context>
<context>
    <name>NumberView</name>
    <message>
        <source>digit {position}: {reading}</source>
        <extracomment>The user picked a digit: its index, left to right.</extracomment>
        <translation>第 {position} 位数字：{reading}</translation>
    </message>
</context>
<context>
    <name>OnnxExportError</name>
    <message>
        <source>cannot read {path}: {reason}</source>
        <extracomment>Largest difference from PyTorch&apos;s probabilities an exported graph may give (the tests check the 10,000 MNIST test images against the same bound).</extracomment>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} cannot be exported to ONNX: {kind}: {reason}</source>
        <translation>{path} 无法导出为 ONNX：{kind}：{reason}</translation>
    </message>
    <message>
        <source>the exported graph does not read digits as PyTorch does (probabilities differ by up to {difference:.2g}); nothing was written</source>
        <translation>导出的计算图识别数字的结果与 PyTorch 不一致（概率最多相差 {difference:.2g}）；没有写入任何文件</translation>
    </message>
    <message>
        <source>{path} is a folder: give the name of a file in it, e.g. {example}</source>
        <translation>{path} 是文件夹：请给出其中一个文件的名称，例如 {example}</translation>
    </message>
    <message>
        <source>cannot write {path}: the folder {folder} does not exist</source>
        <translation>无法写入 {path}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}; nothing was changed there</source>
        <translation>无法写入 {path}：{reason}；那里没有任何改动</translation>
    </message>
</context>
<context>
    <name>OnnxModelError</name>
    <message>
        <source>this ONNX model</source>
        <extracomment>The names of the exported graph&apos;s input ([batch, 1, 28, 28], normalised) and outputs: the ten digits&apos; probabilities ([batch, 10]) and the raw outputs ([batch, 10 or 11]; not in older files).</extracomment>
        <translation>这个 ONNX 模型</translation>
    </message>
    <message>
        <source>{path} is not a Digit Studio model: its metadata has no input normalisation</source>
        <translation>{path} 不是 Digit Studio 的模型：它的元数据中没有输入归一化参数</translation>
    </message>
    <message>
        <source>{path} cannot be opened by onnxruntime: {reason}</source>
        <extracomment>The SHA-256 of the weights file this model was exported from (&quot;&quot; if unknown).</extracomment>
        <translation>onnxruntime 无法打开 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>OsReason</name>
    <message>
        <source>the disk is full</source>
        <extracomment>Below this much free space, a write that torch&apos;s zip writer gave up on is put down to a full disk.</extracomment>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>名称太长</translation>
    </message>
    <message>
        <source>the file could not be written completely</source>
        <translation>文件未能完整写入</translation>
    </message>
    <message>
        <source>a file is in the way</source>
        <translation>有同名文件挡住了路径</translation>
    </message>
</context>
<context>
    <name>PlotItem</name>
    <message>
        <source>Plot Options</source>
        <translation>绘图选项</translation>
    </message>
    <message>
        <source>Transforms</source>
        <translation>变换</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>降采样</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>数据点</translation>
    </message>
</context>
<context>
    <name>Prediction</name>
    <message>
        <source>not a digit</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>no digit</source>
        <translation>没有数字</translation>
    </message>
    <message>
        <source>not sure: {digit} or {runner_up}</source>
        <translation>不确定：{digit} 还是 {runner_up}</translation>
    </message>
    <message>
        <source>{digit} ({percent})</source>
        <translation>{digit}（{percent}）</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>What the network sees (28 × 28)</source>
        <translation>网络看到的图像（28 × 28）</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>请写一个数字</translation>
    </message>
    <message>
        <source>Not a digit</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>No digit found</source>
        <translation>未找到数字</translation>
    </message>
    <message>
        <source>{percent} confident</source>
        <translation>置信度 {percent}</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source>Probabilities: none (no digit)</source>
        <extracomment>Magnification of the 28x28 model input in the preview (nearest neighbour).</extracomment>
        <translation>概率：无（没有数字）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Probabilities: {listed}</source>
        <translation>概率：{listed}</translation>
    </message>
</context>
<context>
    <name>RecentImagesMenu</name>
    <message>
        <source>&amp;Clear List</source>
        <extracomment>Entries File ▸ Recent Images keeps.</extracomment>
        <translation>清空列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>SampleError</name>
    <message>
        <source>fine-tuning needs at least {least} samples of your handwriting; there is {count}. Add some with “Wrong? It is…” or My handwriting&apos;s guided mode</source>
        <extracomment>Fewer samples than this cannot be split into a training part and a held-out part worth judging.</extracomment>
        <translation>微调至少需要 {least} 个你的笔迹样本；现在只有 {count} 个。可以用“识别错了？它是…”或“我的笔迹”的引导模式添加</translation>
    </message>
    <message>
        <source>fine-tuning needs at least {least} samples of your handwriting; there are {count}. Add some with “Wrong? It is…” or My handwriting&apos;s guided mode</source>
        <translation>微调至少需要 {least} 个你的笔迹样本；现在只有 {count} 个。可以用“识别错了？它是…”或“我的笔迹”的引导模式添加</translation>
    </message>
    <message>
        <source>a sample&apos;s label must be a digit from 0 to 9, not {label!r}</source>
        <extracomment>Zip limits: a real set of 10,000 samples is ~20,000 small files of a few KB each. Anything beyond these is refused before a byte is written (a zip bomb promises gigabytes in a few KB). The most points a sample&apos;s strokes may hold (a digit drawn slowly has a few hundred). Seconds since the drawing&apos;s first point, one list per stroke (empty when not known).</extracomment>
        <translation>样本的标签必须是 0 到 9 的数字，而不是 {label!r}</translation>
    </message>
    <message>
        <source>the strokes cannot be drawn: {reason}</source>
        <translation>无法绘制这些笔画：{reason}</translation>
    </message>
    <message>
        <source>the drawing is empty: there is nothing to keep as a sample</source>
        <translation>画布是空的：没有可以保存为样本的内容</translation>
    </message>
    <message>
        <source>the drawing has more than {most:,} points: too many for one digit</source>
        <translation>这幅画超过 {most:,} 个点：对一个数字来说太多了</translation>
    </message>
    <message>
        <source>{name}: the rendering is {width}x{height}, not 28x28</source>
        <translation>{name}：渲染图是 {width}x{height}，不是 28x28</translation>
    </message>
    <message>
        <source>{name}: not a readable PNG rendering ({problem})</source>
        <translation>{name}：不是可读取的 PNG 渲染图（{problem}）</translation>
    </message>
    <message>
        <source>{name}: not a sample (the JSON cannot be read)</source>
        <translation>{name}：不是样本（无法读取 JSON）</translation>
    </message>
    <message>
        <source>{name}: not a Digit Studio sample</source>
        <translation>{name}：不是 Digit Studio 的样本</translation>
    </message>
    <message>
        <source>{name}: the strokes are not lists of (x, y) points</source>
        <translation>{name}：笔画不是由 (x, y) 点组成的列表</translation>
    </message>
    <message>
        <source>a sample needs a drawing or an image</source>
        <translation>样本需要一幅画或一张图片</translation>
    </message>
    <message>
        <source>cannot add the samples to {path}: {reason}; none were added</source>
        <translation>无法把样本添加到 {path}：{reason}；一个也没有添加</translation>
    </message>
    <message>
        <source>the sample folder {path} cannot be created: {reason}</source>
        <translation>无法创建样本文件夹 {path}：{reason}</translation>
    </message>
    <message>
        <source>{sample_id!r} is not a sample id</source>
        <translation>{sample_id!r} 不是样本 ID</translation>
    </message>
    <message>
        <source>there is no sample {sample_id} (deleted meanwhile?)</source>
        <translation>没有样本 {sample_id}（是否已被删除？）</translation>
    </message>
    <message>
        <source>cannot keep the sample in {path}: {reason}</source>
        <translation>无法把样本保存到 {path}：{reason}</translation>
    </message>
    <message>
        <source>a sample&apos;s image must be 28x28, not {shape}</source>
        <translation>样本的图像必须是 28x28，而不是 {shape}</translation>
    </message>
    <message>
        <source>{path}: cannot be read ({reason})</source>
        <translation>{path}：无法读取（{reason}）</translation>
    </message>
    <message>
        <source>{path}: labelled {label} but kept in the folder of {digit}</source>
        <translation>{path}：标签是 {label}，却放在 {digit} 的文件夹中</translation>
    </message>
    <message>
        <source>{path}: not a folder of samples (a folder with subfolders 0 to 9 of digit images)</source>
        <translation>{path}：不是样本文件夹（应含有 0 到 9 的子文件夹，各放该数字的图片）</translation>
    </message>
    <message>
        <source>{path}: holds no subfolder named 0 to 9; put each digit&apos;s images in the folder of that digit (0/, 1/, ... 9/)</source>
        <translation>{path}：没有名为 0 到 9 的子文件夹；请把每个数字的图片放进该数字的文件夹（0/、1/、… 9/）</translation>
    </message>
    <message>
        <source>{path}: its rendering {name} is missing</source>
        <translation>{path}：缺少渲染图 {name}</translation>
    </message>
    <message>
        <source>{path}: no digit found in the picture (blank, or ink too faint or too small)</source>
        <translation>{path}：图片中没有找到数字（空白，或笔迹太淡、太小）</translation>
    </message>
    <message>
        <source>there are no samples to export yet</source>
        <translation>还没有可以导出的样本</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path}: not a zip file, or a damaged one</source>
        <translation>{path}：不是 zip 文件，或文件已损坏</translation>
    </message>
    <message>
        <source>{path}: holds {count:,} entries, more than a sample set has (at most {most:,}); nothing was imported</source>
        <translation>{path}：含有 {count:,} 个条目，超过样本集可能有的数量（最多 {most:,} 个）；没有导入任何内容</translation>
    </message>
    <message>
        <source>{path}: the entry {name!r} points outside the sample folder; nothing was imported</source>
        <translation>{path}：条目 {name!r} 指向样本文件夹之外；没有导入任何内容</translation>
    </message>
    <message>
        <source>{path}: the entry {name!r} is a link, which a sample set never holds; nothing was imported</source>
        <translation>{path}：条目 {name!r} 是链接，样本集中不会有链接；没有导入任何内容</translation>
    </message>
    <message>
        <source>{path}: the entry {name!r} unpacks to far more than a sample (a zip bomb?); nothing was imported</source>
        <translation>{path}：条目 {name!r} 解压后远大于一个样本（zip 炸弹？）；没有导入任何内容</translation>
    </message>
    <message>
        <source>{path}: the entry {name!r} is not part of a Digit Studio sample set; nothing was imported</source>
        <translation>{path}：条目 {name!r} 不属于 Digit Studio 样本集；没有导入任何内容</translation>
    </message>
    <message>
        <source>the entry {name!r} is larger than its header says (a zip bomb?)</source>
        <translation>条目 {name!r} 比其文件头声明的更大（zip 炸弹？）</translation>
    </message>
    <message>
        <source>{where}: its rendering is missing; nothing was imported</source>
        <translation>{where}：缺少渲染图；没有导入任何内容</translation>
    </message>
    <message>
        <source>{error}; nothing was imported</source>
        <translation>{error}；没有导入任何内容</translation>
    </message>
    <message>
        <source>{where}: labelled {label} but filed under {digit}; nothing was imported</source>
        <translation>{where}：标签是 {label}，却放在 {digit} 之下；没有导入任何内容</translation>
    </message>
    <message>
        <source>{path}: holds no samples; nothing was imported</source>
        <translation>{path}：其中没有样本；没有导入任何内容</translation>
    </message>
</context>
<context>
    <name>SaveError</name>
    <message>
        <source>Saving failed: {error}</source>
        <translation>保存失败：{error}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <extracomment>The parts of a file that carry a checksum.</extracomment>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}; the previous file is unchanged</source>
        <translation>无法写入 {path}：{reason}；原文件保持不变</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>One-cycle (warm up, then anneal)</source>
        <translation>单周期（先预热，后退火）</translation>
    </message>
    <message>
        <source>Cosine decay</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <source>Step decay (x0.1 at 50% and 75%)</source>
        <translation>阶梯衰减（在 50% 和 75% 处乘以 0.1）</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Auto: bfloat16 where the processor computes it natively</source>
        <translation>自动：处理器原生支持时使用 bfloat16</translation>
    </message>
    <message>
        <source>float32 throughout</source>
        <translation>全程 float32</translation>
    </message>
    <message>
        <source>bfloat16 mixed precision (slow where emulated)</source>
        <translation>bfloat16 混合精度（需模拟时较慢）</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}</source>
        <extracomment>How a stored (QSettings) string says &quot;on&quot;. How a stored (QSettings) string says &quot;not set&quot; for a setting that may be None.</extracomment>
        <translation>是 {low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>between {low} and {high}</source>
        <translation>在 {low} 和 {high} 之间</translation>
    </message>
    <message>
        <source>at least {value}</source>
        <translation>不小于 {value}</translation>
    </message>
    <message>
        <source>greater than {value}</source>
        <translation>大于 {value}</translation>
    </message>
    <message>
        <source>at most {value}</source>
        <translation>不大于 {value}</translation>
    </message>
    <message>
        <source>below {value}</source>
        <translation>小于 {value}</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} 且{second}</translation>
    </message>
    <message>
        <source>a whole number {range}</source>
        <translation>是{range} 的整数</translation>
    </message>
    <message>
        <source>{noun} must be one of: {choices}</source>
        <extracomment>The field&apos;s name in TrainingSettings, QSettings, weights metadata and the CLI&apos;s ``dest``. ``int``, ``float``, ``bool`` or ``str``: the field&apos;s annotation, without ``None``. Whether None is a valid value (it means &quot;not set&quot;). The dialog&apos;s row label. The setting inside a sentence (&quot;learning rate&quot;): validation messages and accessible names. The dialog&apos;s tooltip and the CLI&apos;s help. For numbers: the values allowed. For a choice: value -&gt; text shown to people (the dialog&apos;s combo box). Replaces the generated validation message; may use ``{value!r}`` and ``{choices}``. Appended to the generated validation message (an example, say). What a check box says beside it (``bool`` settings in the dialog). The CLI&apos;s option strings for ``digit-studio train``; none: not a CLI option. Whether a preset decides the value (not so for where to train, or the test knobs). ``(other field, value)``: the setting only matters while the other field has that value, so the dialog disables it (and does not read it) otherwise.</extracomment>
        <translation>{noun}必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>{noun} must be on or off</source>
        <translation>{noun}只能是开或关</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>是整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>是数值</translation>
    </message>
    <message>
        <source>{noun} must be {range}{hint}</source>
        <translation>{noun}必须{range}{hint}</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>passes over the training set</source>
        <translation>遍历训练集的次数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>the optimizer&apos;s step size (the peak rate of a one-cycle schedule)</source>
        <translation>优化器的步长（单周期调度时为峰值学习率）</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>training images per optimizer step</source>
        <translation>每次优化步骤使用的训练图像数</translation>
    </message>
    <message>
        <source>Validation ratio</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>share of the training set kept for validation</source>
        <translation>训练集中留作验证集的比例</translation>
    </message>
    <message>
        <source> (e.g. 0.2 keeps 20% for validation)</source>
        <translation>（例如 0.2 表示留出 20% 用于验证）</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>how the weights are updated from each batch&apos;s gradients</source>
        <translation>根据每批梯度更新权重的方法</translation>
    </message>
    <message>
        <source>Momentum (SGD)</source>
        <translation>动量（SGD）</translation>
    </message>
    <message>
        <source>SGD&apos;s (Nesterov) momentum; the other optimizers ignore it</source>
        <translation>SGD 的（Nesterov）动量；其他优化器忽略此项</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>how strongly the weights are pulled towards zero</source>
        <translation>将权重拉向零的强度</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>how the learning rate changes during the run</source>
        <translation>训练过程中学习率如何变化</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络架构</translation>
    </message>
    <message>
        <source>the network to train</source>
        <translation>要训练的网络</translation>
    </message>
    <message>
        <source>unknown architecture {value!r}; choose one of: {choices}</source>
        <translation>未知的网络架构 {value!r}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>augment training images (default: on for the fast preset)</source>
        <translation>对训练图像做数据增强（快速预设默认开启）</translation>
    </message>
    <message>
        <source>Augment training images (tilt, shear, shift, stroke width)</source>
        <translation>增强训练图像（倾斜、错切、平移、笔画粗细）</translation>
    </message>
    <message>
        <source>Pen digits</source>
        <translation>笔写数字</translation>
    </message>
    <message>
        <source>also train on 7,494 digits that 30 people wrote with a pen (UCI pendigits), drawn as the canvas draws strokes: reads people&apos;s handwriting better</source>
        <translation>同时用 30 人用笔写下的 7,494 个数字（UCI pendigits）训练，按画布绘制笔画的方式渲染：更能读懂人们的手写</translation>
    </message>
    <message>
        <source>Train on real pen digits too (7,494, by 30 writers)</source>
        <translation>同时用真实笔写数字训练（7,494 个，30 位书写者）</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>the same seed and settings train the same network</source>
        <translation>相同的种子和设置会训练出相同的网络</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>share of each target spread over the other digits</source>
        <translation>每个目标分摊给其他数字的比例</translation>
    </message>
    <message>
        <source>Weight averaging</source>
        <translation>权重平均</translation>
    </message>
    <message>
        <source>validate and save a moving average of the weights, which each step moves by 1 minus this decay (0: off, the weights as trained): reads better, sooner</source>
        <translation>验证并保存权重的滑动平均，每一步向当前权重移动 1 减去此衰减值（0：关闭，直接使用训练中的权重）：更早达到更高的准确率</translation>
    </message>
    <message>
        <source> (0 turns it off; e.g. 0.999)</source>
        <translation>（0 表示关闭；例如 0.999）</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>auto (default), cpu, cuda, cuda:N or mps</source>
        <translation>auto（默认）、cpu、cuda、cuda:N 或 mps</translation>
    </message>
    <message>
        <source>device must be auto, cpu, cuda, cuda:N or mps</source>
        <translation>设备必须是 auto、cpu、cuda、cuda:N 或 mps</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>计算精度</translation>
    </message>
    <message>
        <source>the arithmetic of training: bfloat16 mixed precision is about 1.5x faster where the processor has it; the weights stay float32</source>
        <translation>训练时的运算精度：处理器支持时，bfloat16 混合精度约快 1.5 倍；权重仍为 float32</translation>
    </message>
    <message>
        <source>Training subset</source>
        <translation>训练子集</translation>
    </message>
    <message>
        <source>train on only N samples (quick tries)</source>
        <translation>只用 N 个样本训练（快速试验）</translation>
    </message>
    <message>
        <source>training subset must be a positive number of samples</source>
        <translation>训练子集必须是正的样本数</translation>
    </message>
    <message>
        <source>Divergence guard</source>
        <translation>发散保护</translation>
    </message>
    <message>
        <source>stop runs whose loss is NaN/inf or that are not learning, keeping the last good weights</source>
        <translation>损失变为 NaN/inf 或不再学习时停止训练，并保留最后一组正常的权重</translation>
    </message>
    <message>
        <source>Quick: about 10 s</source>
        <extracomment>Field name -&gt; its definition, in the fields&apos; order.</extracomment>
        <translation>极速：约 10 秒</translation>
    </message>
    <message>
        <source>The compact CNN at half the width, two epochs in batches of 256 at a high learning rate, with the same augmentation and pen digits. Reaches 99.0% MNIST test accuracy in about ten seconds of training on a laptop CPU; the default reads pen digits better.</source>
        <translation>半宽的紧凑 CNN，以较高学习率、每批 256 张训练两轮，数据增强和笔写数字与默认相同。在笔记本电脑 CPU 上训练约十秒即可达到 99.0% 的 MNIST 测试准确率；默认预设对手写笔迹的识别更好。</translation>
    </message>
    <message>
        <source>Compact CNN, AdamW with a one-cycle schedule, augmentation for hand-drawn digits, and 7,494 real pen digits beside MNIST. Reaches 99.5% MNIST test accuracy in a few minutes on a laptop CPU.</source>
        <translation>紧凑 CNN，AdamW 配合单周期调度，针对手写数字做数据增强，并在 MNIST 之外加入 7,494 个真实笔写数字。在笔记本 CPU 上几分钟即可达到 99.5% 的 MNIST 测试准确率。</translation>
    </message>
    <message>
        <source>Fast (default)</source>
        <translation>快速（默认）</translation>
    </message>
    <message>
        <source>Seed tutorial</source>
        <translation>原始教程</translation>
    </message>
    <message>
        <source>The original tutorial&apos;s exact recipe: NumberRecognition, Adam (weight decay 1e-4), LR 1e-2, batch 10, 10 epochs. Kept for comparison: at LR 1e-2 it does not learn (stays near 11%).</source>
        <translation>原始教程的完整配方：NumberRecognition，Adam（权重衰减 1e-4），学习率 1e-2，批大小 10，10 轮。保留用于对比：学习率为 1e-2 时它学不会（准确率停在 11% 左右）。</translation>
    </message>
    <message>
        <source>Custom</source>
        <extracomment>Fields a preset does not decide: where to train, and the hidden test/experiment knobs.</extracomment>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Compact CNN (default): small, fast on a CPU, accurate</source>
        <translation>紧凑 CNN（默认）：小巧，在 CPU 上也快，准确</translation>
    </message>
    <message>
        <source>Quick CNN: the compact CNN at half the width, trains in seconds</source>
        <translation>极速 CNN：半宽的紧凑 CNN，几秒即可训练完成</translation>
    </message>
    <message>
        <source>NumberRecognition: the seed tutorial&apos;s 15M-parameter network</source>
        <translation>NumberRecognition：原始教程的 1500 万参数网络</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>TorchWorker</name>
    <message>
        <source>PyTorch cannot be loaded, so training is not available: {error}</source>
        <extracomment>Set from the GUI thread when the app quits: twin requests still queued start no export (a stopped run kept as a model while the window closes would otherwise hold the close for one).</extracomment>
        <translation>无法加载 PyTorch，因此不能训练：{error}</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>The GPU ran out of memory. Lower the batch size, or train on the CPU.</source>
        <extracomment>Below this many samples a run is too young to judge whether it learns. Mean loss above this (chance level is ln 10 = 2.30) after that many samples means &quot;not learning&quot;. The message with its parameters, for the GUI to translate (None: ``message`` is all there is).</extracomment>
        <translation>GPU 显存不足。请减小批大小，或改用 CPU 训练。</translation>
    </message>
    <message>
        <source>CUDA error: {error}. Training on the CPU may work.</source>
        <translation>CUDA 错误：{error}。改用 CPU 训练也许可行。</translation>
    </message>
    <message>
        <source>Training failed: {error}</source>
        <extracomment>Seconds between two batches of losses sent to the GUI thread (and the most a point waits). The chart redraws at 5 Hz, so sending more often would only wake the GUI thread for nothing; each wake-up takes a core from the training threads for a moment.</extracomment>
        <translation>训练失败：{error}</translation>
    </message>
    <message>
        <source>after {samples:,} samples the loss is still {loss:.2f} (chance level is 2.30, about 10% accuracy)</source>
        <translation>训练 {samples:,} 个样本后损失仍为 {loss:.2f}（随机猜测水平为 2.30，准确率约 10%）</translation>
    </message>
    <message>
        <source>validation accuracy is {accuracy:.1%}</source>
        <translation>验证集准确率为 {accuracy:.1%}</translation>
    </message>
    <message>
        <source>Lower the learning rate (now {rate:g}), e.g. to {lower:g}, or use the &quot;Fast (default)&quot; preset.</source>
        <translation>请降低学习率（当前为 {rate:g}），例如降到 {lower:g}，或使用“快速（默认）”预设。</translation>
    </message>
    <message>
        <source>The weights of epoch {epoch}, the last good ones, are kept in the checkpoint.</source>
        <translation>第 {epoch} 轮的权重（最后一组正常的权重）已保存在检查点中。</translation>
    </message>
    <message>
        <source>No weights were saved; the weights you had are unchanged.</source>
        <translation>没有保存任何权重；原有的权重保持不变。</translation>
    </message>
    <message>
        <source>Training diverged in epoch {epoch}, batch {batch}: the loss became {value}. {advice} {kept}</source>
        <translation>训练在第 {epoch} 轮第 {batch} 批发散：损失变为 {value}。{advice}{kept}</translation>
    </message>
    <message>
        <source>The run is not learning: {evidence}. {advice} {kept}</source>
        <translation>这次训练没有在学习：{evidence}。{advice}{kept}</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Resuming the last run…</source>
        <extracomment>The user chose the freshly trained weights for the canvas. The run&apos;s FitResult, once its thread has finished (a new run may start right away). The latest BatchProgress, a few times a second. The run really paused (True: no batch runs until resumed) or went on (False). The run in progress, or None.</extracomment>
        <translation>正在继续上次的训练…</translation>
    </message>
    <message>
        <source>Loading data and building the network…</source>
        <translation>正在加载数据并构建网络…</translation>
    </message>
    <message>
        <source>The interrupted run&apos;s checkpoint is gone; Start trains a new network</source>
        <translation>中断的训练的检查点已不存在；点“开始”将训练一个新网络</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>当前批次结束后停止…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <source>Pausing after the current batch…</source>
        <translation>当前批次结束后暂停…</translation>
    </message>
    <message>
        <source>Training on {device}</source>
        <translation>正在 {device} 上训练</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>Failed: {message}</source>
        <translation>失败：{message}</translation>
    </message>
    <message>
        <source>Settings saved; they apply to the next run.</source>
        <translation>设置已保存，将用于下一次训练。</translation>
    </message>
</context>
<context>
    <name>TrainingDock</name>
    <message>
        <source>Training</source>
        <extracomment>The user chose the freshly trained weights for the canvas. The user chose the weights shipped with the app. The run&apos;s FitResult, once its thread has finished (a new run may start right away). The latest BatchProgress, a few times a second (for a status bar; the panel shows it too). The run really paused (True: no batch runs until resumed) or went on (False).</extracomment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Loading the training panel…</source>
        <translation>正在加载训练面板…</translation>
    </message>
</context>
<context>
    <name>TrainingMessages</name>
    <message>
        <source>Finished</source>
        <extracomment>The translation context of these sentences. The status line&apos;s first word once a run has ended, by FitResult.status.</extracomment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <extracomment>The translation context of these words (shared with the run messages that first had them).</extracomment>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds:02d} s</source>
        <translation>{minutes} 分 {seconds:02d} 秒</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小时 {minutes:02d} 分</translation>
    </message>
    <message>
        <source>Shipped weights</source>
        <translation>自带的权重</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <source>%Ln epoch(s)</source>
        <translation>
            <numerusform>%Ln 轮</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch(es)</source>
        <translation>
            <numerusform>%Ln 批</numerusform>
        </translation>
    </message>
    <message>
        <source>Next run: {recipe}, {epochs}, device {device}.</source>
        <translation>下次训练：{recipe}，{epochs}，设备 {device}。</translation>
    </message>
    <message>
        <source>{outcome}. {next_run}</source>
        <translation>{outcome}。{next_run}</translation>
    </message>
    <message>
        <source>Ready. {next_run}</source>
        <translation>就绪。{next_run}</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>{recipe}: {architecture} ({parameters:,} parameters), {optimizer}, lr {rate:g}, batch {batch}</source>
        <translation>{recipe}：{architecture}（{parameters:,} 个参数），{optimizer}，学习率 {rate:g}，批大小 {batch}</translation>
    </message>
    <message>
        <source>Resumed at epoch {epoch}, batch {batch} of {per_epoch} on {device}. {recipe}.</source>
        <translation>已在 {device} 上从第 {epoch} 轮第 {batch} 批（共 {per_epoch} 批）继续。{recipe}。</translation>
    </message>
    <message>
        <source>{epochs} of {batches}</source>
        <translation>{epochs}，每轮 {batches}</translation>
    </message>
    <message>
        <source>Started on {device}: {train:,} training / {validation:,} validation samples, {shape}. {recipe}.</source>
        <translation>已在 {device} 上开始：{train:,} 个训练样本 / {validation:,} 个验证样本，{shape}。{recipe}。</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs}</source>
        <translation>第 {epoch}/{epochs} 轮</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs}: train loss {train_loss:.4f}, val loss {val_loss:.4f}, val accuracy {accuracy:.2%} ({seconds:.1f} s)</source>
        <translation>第 {epoch}/{epochs} 轮：训练损失 {train_loss:.4f}，验证损失 {val_loss:.4f}，验证集准确率 {accuracy:.2%}（{seconds:.1f} 秒）</translation>
    </message>
    <message>
        <source>{rate:,.0f} samples/s · ETA {eta} · loss {loss:.4f} · lr {lr:.2g}</source>
        <translation>{rate:,.0f} 样本/秒 · 预计剩余 {eta} · 损失 {loss:.4f} · 学习率 {lr:.2g}</translation>
    </message>
    <message>
        <source>{message} Your previous weights are unchanged.</source>
        <translation>{message}原有的权重保持不变。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Test accuracy {accuracy:.2%}.</source>
        <translation>测试准确率 {accuracy:.2%}。</translation>
    </message>
    <message>
        <source>Finished: {result} Weights saved to {path}.</source>
        <translation>已完成：{result}权重已保存到 {path}。</translation>
    </message>
    <message>
        <source> Kept as the model “{name}” ({id}).</source>
        <translation>已保存为模型“{name}”（{id}）。</translation>
    </message>
    <message>
        <source>Training finished. {result} The new weights are saved; choose &quot;Use new weights&quot; to read your digits with them.</source>
        <translation>训练完成。{result}新权重已保存；选择“使用新权重”即可用它识别你写的数字。</translation>
    </message>
    <message>
        <source>Training finished. Test accuracy {accuracy:.2%}, better than the model in use ({name}, {in_use:.2%}): choose &quot;Use new weights&quot; to read your digits with it.</source>
        <translation>训练完成。测试准确率 {accuracy:.2%}，优于当前使用的模型（{name}，{in_use:.2%}）：选择“使用新权重”即可用它识别你写的数字。</translation>
    </message>
    <message>
        <source>Training finished. Test accuracy {accuracy:.2%}, not better than the model in use ({name}, {in_use:.2%}): keep using it. The new model is kept in the Model menu.</source>
        <translation>训练完成。测试准确率 {accuracy:.2%}，不优于当前使用的模型（{name}，{in_use:.2%}）：建议继续使用当前模型。新模型已保存在“模型”菜单中。</translation>
    </message>
    <message>
        <source>Stopped after {batches} ({epochs}); &quot;Resume last run&quot; continues from the checkpoint.</source>
        <translation>已在 {batches}（{epochs}）后停止；“继续上次训练”会从检查点接着训练。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln full epoch(s)</source>
        <translation>
            <numerusform>完整的 %Ln 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept as the model “{name}” ({id}).</source>
        <translation>已保存为模型“{name}”（{id}）。</translation>
    </message>
    <message>
        <source>The run could not be kept as a model: {error}</source>
        <translation>这次训练无法保存为模型：{error}</translation>
    </message>
</context>
<context>
    <name>TrainingSettingsDialog</name>
    <message>
        <source>{device} (unavailable: {reason})</source>
        <extracomment>The preset combo&apos;s entry for settings that match no preset. The one setting whose options come from the machine (core.devices), not from the table. Bounds of the spin boxes where the setting has none, or excludes its end. The dialog&apos;s height at most: the form scrolls below this (a 600-pixel-high screen less its panel).</extracomment>
        <translation>{device}（不可用：{reason}）</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>Estimated run time</source>
        <translation>预计训练时间</translation>
    </message>
    <message>
        <source>Changes apply to the next run.</source>
        <translation>更改从下次训练起生效。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>A tried recipe: it fills the fields below (the device stays)</source>
        <translation>经过验证的配置：填入下面各项（设备不变）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>{device} (unavailable: not on this machine)</source>
        <translation>{device}（不可用：本机没有此设备）</translation>
    </message>
    <message>
        <source>this device is not available on this machine</source>
        <translation>本机没有可用的此设备</translation>
    </message>
    <message>
        <source>enter a whole number</source>
        <translation>请输入一个整数</translation>
    </message>
    <message>
        <source>{text!r} is not a whole number</source>
        <translation>{text!r} 不是整数</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>请输入一个数</translation>
    </message>
    <message>
        <source>{text!r} is not a number</source>
        <translation>{text!r} 不是数</translation>
    </message>
    <message>
        <source>Estimated time: fix the fields above first.</source>
        <translation>预计时间：请先修正上面的输入。</translation>
    </message>
    <message>
        <source>Estimated time: not known yet for this model with device %1; a run of it measures the speed. It trains on %2 images.</source>
        <translation>预计时间：此模型在设备 %1 上的速度尚未测得，训练一次即可测出。它将在 %2 张图像上训练。</translation>
    </message>
    <message>
        <source>Estimated time: about %1 (an estimate: %2 images at the %3 samples/s your last run of this model with device %4 reached; validation adds a little).</source>
        <translation>预计时间：约 %1（估算：%2 张图像，按此模型上次在设备 %4 上达到的每秒 %3 个样本计算；验证另需少许时间）。</translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>Training progress</source>
        <extracomment>How long the announcement of a finished run stays in the status bar (ms).</extracomment>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>Epoch %1/%2 · %p%</source>
        <translation>第 %1/%2 轮 · %p%</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>{percent} {state} — {title}</source>
        <translation>{percent} {state} — {title}</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Training finished: test accuracy %1.</source>
        <translation>训练完成：测试准确率 %1。</translation>
    </message>
    <message>
        <source>Training stopped; Resume last run continues it.</source>
        <translation>训练已停止；点“继续上次训练”可以接着训练。</translation>
    </message>
    <message>
        <source>Training failed; the training panel says why.</source>
        <translation>训练失败；原因见训练面板。</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>Training</source>
        <extracomment>The log&apos;s share of the chart/log splitter at first (the user drags it; it collapses to nothing). The buttons changed state (enabled, Pause/Resume): the window&apos;s Training menu follows them.</extracomment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>停止训练</translation>
    </message>
    <message>
        <source>Resume last run</source>
        <translation>继续上次训练</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>Train a new network with the current settings</source>
        <translation>用当前设置训练一个新网络</translation>
    </message>
    <message>
        <source>Stop after the current batch; the run can be resumed later</source>
        <translation>当前这批完成后停止；以后可以继续训练</translation>
    </message>
    <message>
        <source>Continue the interrupted run from its last checkpoint</source>
        <translation>从上次中断的检查点继续训练</translation>
    </message>
    <message>
        <source>Training status</source>
        <translation>训练状态</translation>
    </message>
    <message>
        <source>Training error</source>
        <translation>训练错误</translation>
    </message>
    <message>
        <source>Retry on CPU</source>
        <translation>改用 CPU 重试</translation>
    </message>
    <message>
        <source>Retry training on the CPU</source>
        <translation>在 CPU 上重新训练</translation>
    </message>
    <message>
        <source>Training result</source>
        <translation>训练结果</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Epoch progress</source>
        <translation>本轮进度</translation>
    </message>
    <message>
        <source>%v / %m batches</source>
        <translation>%v / %m 批</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>Use new weights</source>
        <translation>使用新权重</translation>
    </message>
    <message>
        <source>Use the trained weights</source>
        <translation>使用训练得到的权重</translation>
    </message>
    <message>
        <source>Use shipped weights</source>
        <translation>使用自带权重</translation>
    </message>
    <message>
        <source>Use the shipped weights</source>
        <translation>使用自带的权重</translation>
    </message>
    <message>
        <source>Read digits with the weights trained here ({location})</source>
        <translation>用这里训练的权重识别数字（{location}）</translation>
    </message>
    <message>
        <source>Read digits with the weights that came with Digit Studio</source>
        <translation>用 Digit Studio 自带的权重识别数字</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>训练日志</translation>
    </message>
    <message>
        <source>One line per epoch appears here.</source>
        <translation>每轮结束后在这里显示一行。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>总进度</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Pause training</source>
        <translation>暂停训练</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close?

Its checkpoint is kept: &quot;Resume last run&quot; continues it next time.</source>
        <translation>正在进行一次训练。要停止训练并关闭吗？

检查点会保留：下次点“继续上次训练”即可接着训练。</translation>
    </message>
    <message>
        <source> (checkpoint of {time})</source>
        <translation>（检查点保存于 {time}）</translation>
    </message>
    <message>
        <source>Interrupted run</source>
        <translation>中断的训练</translation>
    </message>
    <message>
        <source>The last run was stopped before it finished{when} and can still be resumed.</source>
        <translation>上次训练在完成前被停止{when}，仍可以继续。</translation>
    </message>
    <message>
        <source>A new run replaces that checkpoint as soon as it saves its own.</source>
        <translation>新的训练一旦保存自己的检查点，就会替换掉那个检查点。</translation>
    </message>
    <message>
        <source>Start New Run</source>
        <translation>开始新的训练</translation>
    </message>
    <message>
        <source>Resume Last Run</source>
        <translation>继续上次训练</translation>
    </message>
</context>
<context>
    <name>UserError</name>
    <message>
        <source>{error}</source>
        <extracomment>The ``TrainingFailure.kind`` when this error ends a training run. How a training run&apos;s failure message presents it; ``{error}`` is the error&apos;s message.</extracomment>
        <translation>{error}</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <source>ViewBox options</source>
        <translation>视图选项</translation>
    </message>
    <message>
        <source>View All</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>轴</translation>
    </message>
    <message>
        <source>Mouse Mode</source>
        <translation>鼠标模式</translation>
    </message>
    <message>
        <source>3 button</source>
        <translation>三键</translation>
    </message>
    <message>
        <source>1 button</source>
        <translation>单键</translation>
    </message>
</context>
<context>
    <name>WeightsError</name>
    <message>
        <source>Cannot resume: {error}</source>
        <translation>无法继续训练：{error}</translation>
    </message>
    <message>
        <source>{path}: not a Digit Studio weights file (it holds a {kind}, not network weights)</source>
        <translation>{path}：不是 Digit Studio 权重文件（其中是 {kind}，不是网络权重）</translation>
    </message>
    <message>
        <source>{path}: file not found</source>
        <translation>{path}：找不到文件</translation>
    </message>
    <message>
        <source>{path}: is a folder, not a weights file</source>
        <translation>{path}：这是文件夹，不是权重文件</translation>
    </message>
    <message>
        <source>{path}: the file is empty</source>
        <translation>{path}：文件为空</translation>
    </message>
    <message>
        <source>{path}: cannot be read ({reason})</source>
        <translation>{path}：无法读取（{reason}）</translation>
    </message>
    <message>
        <source>{path}: not a weights file (not a PyTorch file at all)</source>
        <translation>{path}：不是权重文件（根本不是 PyTorch 文件）</translation>
    </message>
    <message>
        <source>{path}: refused to load: the file contains Python objects or code, not just weights (it may be unsafe)</source>
        <translation>{path}：拒绝加载：文件中含有 Python 对象或代码，而不只是权重（可能不安全）</translation>
    </message>
    <message>
        <source>{path}: not a weights file (unreadable pickle data)</source>
        <translation>{path}：不是权重文件（pickle 数据无法读取）</translation>
    </message>
    <message>
        <source>{path}: the file is truncated or corrupt ({detail})</source>
        <translation>{path}：文件不完整或已损坏（{detail}）</translation>
    </message>
    <message>
        <source>{path}: the file is truncated or corrupt</source>
        <translation>{path}：文件不完整或已损坏</translation>
    </message>
    <message>
        <source>{path}: cannot be read as weights ({detail})</source>
        <translation>{path}：无法作为权重读取（{detail}）</translation>
    </message>
    <message>
        <source>{path}: not a weights file ({detail})</source>
        <translation>{path}：不是权重文件（{detail}）</translation>
    </message>
    <message>
        <source>{path}: the file is damaged: its format version {version!r} is not a version number</source>
        <translation>{path}：文件已损坏：格式版本 {version!r} 不是版本号</translation>
    </message>
    <message>
        <source>{path}: written by a newer Digit Studio (format {version}); this version reads format {supported}</source>
        <translation>{path}：由更新版本的 Digit Studio 写入（格式 {version}）；当前版本只能读取格式 {supported}</translation>
    </message>
    <message>
        <source>{path}: holds an unknown architecture {architecture!r}</source>
        <translation>{path}：包含未知的网络架构 {architecture!r}</translation>
    </message>
    <message>
        <source>{path}: the file has no network weights</source>
        <translation>{path}：文件中没有网络权重</translation>
    </message>
    <message>
        <source>{path}: invalid metadata: {problem}</source>
        <translation>{path}：元数据无效：{problem}</translation>
    </message>
    <message>
        <source>{path}: invalid checkpoint: {problem}</source>
        <translation>{path}：检查点无效：{problem}</translation>
    </message>
    <message>
        <source>{path}: the file is damaged: its checksums cannot be read</source>
        <translation>{path}：文件已损坏：无法读取校验和</translation>
    </message>
    <message>
        <source>network weights</source>
        <translation>网络权重</translation>
    </message>
    <message>
        <source>metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>training state</source>
        <translation>训练状态</translation>
    </message>
    <message>
        <source>{path}: the file is damaged: its {part} do not match their checksum</source>
        <translation>{path}：文件已损坏：{part}与校验和不符</translation>
    </message>
    <message>
        <source>{path}: holds weights of a network Digit Studio does not know (tensors {sample}, ...)</source>
        <translation>{path}：包含 Digit Studio 不认识的网络的权重（张量 {sample}, ...）</translation>
    </message>
    <message>
        <source>{path}: the file is damaged: its weights hold NaN or infinite values ({name})</source>
        <translation>{path}：文件已损坏：权重中含有 NaN 或无穷大值（{name}）</translation>
    </message>
    <message>
        <source>{path}: weights do not match the {architecture} architecture ({outputs} outputs, not 10 or 11)</source>
        <translation>{path}：权重与 {architecture} 架构不匹配（有 {outputs} 个输出，而不是 10 或 11 个）</translation>
    </message>
    <message>
        <source>{path}: weights do not match the {architecture} architecture ({detail})</source>
        <translation>{path}：权重与 {architecture} 架构不匹配（{detail}）</translation>
    </message>
    <message>
        <source>{path}: the checkpoint&apos;s trained weights are missing or do not fit its network</source>
        <translation>{path}：检查点中训练中的权重缺失，或与其网络不符</translation>
    </message>
    <message>
        <source>{path}: is a weights file, not a training checkpoint</source>
        <translation>{path}：这是权重文件，不是训练检查点</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>Clear the canvas</source>
        <translation>清除画布</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last change</source>
        <translation>撤销上一步</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo what was undone</source>
        <translation>重做已撤销的操作</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>Read a digit from an image file</source>
        <translation>从图片文件识别数字</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>Read a digit from the image on the clipboard</source>
        <translation>识别剪贴板中图片上的数字</translation>
    </message>
    <message>
        <source>&amp;Save Drawing…</source>
        <translation>保存画布(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the canvas as a PNG image</source>
        <translation>将画布保存为 PNG 图片</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit Digit Studio</source>
        <translation>退出 Digit Studio</translation>
    </message>
    <message>
        <source>Use &amp;Shipped Weights</source>
        <translation>使用自带权重(&amp;S)</translation>
    </message>
    <message>
        <source>Read digits with the weights that come with the app</source>
        <translation>用程序自带的权重识别数字</translation>
    </message>
    <message>
        <source>Open &amp;Weights File…</source>
        <translation>打开权重文件(&amp;W)…</translation>
    </message>
    <message>
        <source>Read digits with another weights file</source>
        <translation>用另一个权重文件识别数字</translation>
    </message>
    <message>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>Train a new network with the current settings</source>
        <translation>用当前设置训练一个新网络</translation>
    </message>
    <message>
        <source>&amp;Pause Training</source>
        <translation>暂停训练(&amp;P)</translation>
    </message>
    <message>
        <source>Pause the run, or go on with a paused one</source>
        <translation>暂停训练，或继续已暂停的训练</translation>
    </message>
    <message>
        <source>S&amp;top Training</source>
        <translation>停止训练(&amp;T)</translation>
    </message>
    <message>
        <source>Stop after the current batch; the run can be resumed later</source>
        <translation>当前这批完成后停止；以后可以继续训练</translation>
    </message>
    <message>
        <source>Training S&amp;ettings…</source>
        <translation>训练设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Choose the recipe, the model and the device of the next run</source>
        <translation>选择下次训练的配置、模型和设备</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>List every keyboard shortcut</source>
        <translation>列出所有键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About Digit Studio</source>
        <translation>关于 Digit Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Version, licences and where your files are kept</source>
        <translation>版本、许可证以及文件保存位置</translation>
    </message>
    <message>
        <source>{tip} ({shortcut})</source>
        <translation>{tip}（{shortcut}）</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source> Pen &amp;width </source>
        <translation> 笔宽(&amp;W) </translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>笔宽</translation>
    </message>
    <message>
        <source>Pen width in pixels (how the network reads it does not depend on it)</source>
        <translation>笔宽，单位为像素（不影响网络的识别）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <extracomment>Separates groups in a menu or the toolbar.</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>finetune</name>
    <message>
        <source>Your held-out samples ({count}): {change}</source>
        <translation>你留作检验的样本（{count} 个）：{change}</translation>
    </message>
    <message>
        <source>MNIST test: {change}</source>
        <translation>MNIST 测试集：{change}</translation>
    </message>
    <message>
        <source>Trained on {count} of your samples</source>
        <translation>用你的 {count} 个样本训练</translation>
    </message>
    <message>
        <source>No samples of {digits}: the model learned nothing new about those digits.</source>
        <translation>没有 {digits} 的样本：模型对这些数字没有学到新东西。</translation>
    </message>
    <message>
        <source>The run did not finish: nothing to judge.</source>
        <translation>训练没有完成：无法评判。</translation>
    </message>
    <message>
        <source>Recommended: it reads your held-out samples better and MNIST about as well.</source>
        <translation>推荐：它对你留作检验的样本识别得更好，对 MNIST 的识别基本不变。</translation>
    </message>
    <message>
        <source>Not recommended: it reads your held-out samples no better than the model it started from.</source>
        <translation>不推荐：它对你留作检验的样本识别得并不比原来的模型好。</translation>
    </message>
    <message>
        <source>Not recommended: it loses {points} points on MNIST (at most {allowed} allowed).</source>
        <translation>不推荐：它在 MNIST 上下降了 {points} 个百分点（最多允许 {allowed}）。</translation>
    </message>
    <message>
        <source>Fine-tune stopped; nothing was kept. Train on my handwriting starts it again.</source>
        <translation>微调已停止，没有保存任何内容。“用我的笔迹训练”会重新开始。</translation>
    </message>
    <message>
        <source>Kept as the model “{name}” ({id}).</source>
        <translation>已保存为模型“{name}”（{id}）。</translation>
    </message>
    <message>
        <source>The weights are saved at {path} but could not be kept as a model: {error}</source>
        <translation>权重已保存在 {path}，但无法保存为模型：{error}</translation>
    </message>
    <message>
        <source>Choose &quot;Use new weights&quot; to read your digits with it.</source>
        <translation>选择“使用新权重”即可用它识别你的数字。</translation>
    </message>
    <message>
        <source>Keep the model you have; the new one stays in the Model menu.</source>
        <translation>请继续使用现有模型；新模型保留在“模型”菜单中。</translation>
    </message>
</context>
</TS>
